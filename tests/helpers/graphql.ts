import { expect } from 'vitest'

import { FORBIDDEN_MESSAGE } from './api'

type Result = { errors?: { message: string }[] }

/** A refusal must come from access control, not from a query the schema does not know. */
export const expectNoSchemaError = (result: Result, what: string): void => {
  for (const error of result.errors ?? []) {
    expect(error.message, `${what}: GraphQL query is valid`).not.toMatch(/Cannot query field|Unknown (argument|type)|must have a selection/)
  }
}

/** A GraphQL call that was refused by access control. */
export const expectRefused = (result: Result, what: string): void => {
  expect(result.errors?.length ?? 0, `${what}: refused`).toBeGreaterThan(0)
  expectNoSchemaError(result, what)
}

/** One operation refused by access control, with Payload's own message: not a crash, not a schema error. */
export const expectForbidden = (result: Result, what: string): void => {
  expect(result.errors?.map((error) => error.message), `${what}: refused`).toEqual([FORBIDDEN_MESSAGE])
}
