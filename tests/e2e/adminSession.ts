import type { Page } from '@playwright/test'

import { expect } from '@playwright/test'

import type { FixturePerson } from './fixtures'

/** Logs in through the admin panel's own form and waits for the dashboard. */
export const logIntoAdmin = async (page: Page, person: FixturePerson, password: string): Promise<void> => {
  await page.goto('/admin')
  await expect(page).toHaveURL(/\/admin\/login/)
  await page.locator('#field-email').fill(person.email)
  await page.locator('#field-password').fill(password)
  await page.locator('form button[type="submit"]').click()
  await expect(page).toHaveURL(/\/admin\/?$/)
  await expect(page.getByRole('heading', { name: 'Collections' })).toBeVisible()
}
