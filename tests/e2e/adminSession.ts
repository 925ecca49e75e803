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

/**
 * Opens a collection's list and waits until it has hydrated. The list then writes its query
 * (`?limit=…`) into the address with `history.replaceState`; a link clicked before that can be
 * undone by it, leaving the page on the list.
 */
export const openAdminList = async (page: Page, collection: string): Promise<void> => {
  await page.goto(`/admin/collections/${collection}`)
  await expect(page).toHaveURL(/[?&]limit=\d+/)
}
