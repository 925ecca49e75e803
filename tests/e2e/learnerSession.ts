import type { Page } from '@playwright/test'

import { expect } from '@playwright/test'

import type { FixturePerson } from './fixtures'

/** Signs in on a school's learner site and lands on `next`. */
export const logIntoLearnerSite = async (page: Page, { school, person, password, next }: { school: string; person: FixturePerson; password: string; next: string }): Promise<void> => {
  await page.goto(`/learn/login?school=${school}&next=${encodeURIComponent(next)}`)
  await expect(page.locator('form[data-ready="true"]')).toBeVisible()
  await page.locator('input[name="email"]').fill(person.email)
  await page.locator('input[name="password"]').fill(password)
  await page.locator('form').getByRole('button', { name: 'Log in' }).click()
  await expect(page).toHaveURL((url) => url.pathname === next)
}
