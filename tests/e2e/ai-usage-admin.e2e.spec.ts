import { expect, test } from '@playwright/test'

import { logIntoAdmin } from './adminSession'
import { bearer, tokenOf } from './apiSession'
import { type Fixtures, readFixtures } from './fixtures'

/** A school admin reads the school's AI budget in the admin panel; an instructor is kept out. */
let fixtures: Fixtures

test.beforeAll(() => {
  fixtures = readFixtures()
})

test('a school admin reads the AI budget and what is left; an instructor is kept out', async ({ page, request }) => {
  const { north, password } = fixtures
  const admin = bearer(await tokenOf(request, north.admin, password))
  // North's AI settings: made once, so the test may run again.
  const existing = await request.get(`/api/ai-settings?where[tenant][equals]=${north.tenant.id}&limit=1&depth=0`, { headers: admin })
  const found = ((await existing.json()) as { docs: { id: number }[] }).docs[0]
  const saved = found
    ? await request.patch(`/api/ai-settings/${found.id}`, { headers: admin, data: { monthlyTokens: 250_000, tutorMonthlyTokens: 100_000 } })
    : await request.post('/api/ai-settings', { headers: admin, data: { tenant: north.tenant.id, monthlyTokens: 250_000, tutorMonthlyTokens: 100_000 } })
  expect(saved.ok(), await saved.text()).toBe(true)

  await logIntoAdmin(page, north.admin, password)
  await expect(async () => {
    const opener = page.getByRole('button', { name: 'Open Menu' })
    if (await opener.isVisible()) {
      await opener.click()
    }
    await page.locator('#nav-ai-usage-report').click({ timeout: 5_000 })
    await expect(page).toHaveURL(/\/admin\/ai-usage/, { timeout: 5_000 })
  }).toPass({ timeout: 45_000 })
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('AI usage')
  const budgets = page.locator(`#ai-usage-school-${north.tenant.id} .ai-usage__budgets`)
  await expect(budgets.locator('tbody tr').first()).toContainText('250,000')
  await expect(budgets.locator('tbody tr', { hasText: 'Tutor' })).toContainText('100,000')
  // A month that is not one is said so, beside the form.
  await page.goto('/admin/ai-usage?month=2026-13')
  await expect(page.locator('.revenue__error')).toContainText('"month" must be a month written YYYY-MM')

  await page.context().clearCookies()
  await logIntoAdmin(page, north.instructor, password)
  await expect(page.locator('#nav-ai-usage-report')).toHaveCount(0)
  await page.goto('/admin/ai-usage')
  await expect(page.locator('.revenue__error')).toHaveText('AI usage is for the school’s admins.')
})
