import type { APIRequestContext } from '@playwright/test'

import { expect } from '@playwright/test'

import type { FixturePerson } from './fixtures'

/** Logs a person in over REST and answers their JWT, for API calls made beside the browser. */
export const tokenOf = async (request: APIRequestContext, person: FixturePerson, password: string): Promise<string> => {
  const response = await request.post('/api/users/login', { data: { email: person.email, password } })
  expect(response.status(), `login of ${person.email}`).toBe(200)
  return ((await response.json()) as { token: string }).token
}

/** `Authorization` for a JWT. */
export const bearer = (token: string): Record<string, string> => ({ Authorization: `JWT ${token}` })
