import { expect, test } from '@playwright/test'

import { logIntoAdmin } from './adminSession'
import { type Fixtures, readFixtures } from './fixtures'

let fixtures: Fixtures

test.beforeAll(() => {
  fixtures = readFixtures()
})

test('a school admin previews a notification mail in Arabic, right to left, and in English', async ({ page }) => {
  const { north, password } = fixtures
  await logIntoAdmin(page, north.admin, password)
  await expect(async () => {
    const opener = page.getByRole('button', { name: 'Open Menu' })
    if (await opener.isVisible()) {
      await opener.click()
    }
    await page.locator('#nav-notification-templates').click({ timeout: 5_000 })
    await expect(page).toHaveURL(/\/admin\/notification-templates/, { timeout: 5_000 })
  }).toPass({ timeout: 45_000 })
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Notification templates')

  await page.locator('#template-kind').selectOption('grade-released')
  await page.locator('#template-locale').selectOption('ar')
  await page.locator('#template-show').click()
  await expect(page).toHaveURL(/kind=grade-released/)
  await expect(page.locator('#template-subject')).toHaveText('صدرت الدرجة: مقال عن الأنصاف')
  const frame = page.frameLocator('iframe[title="HTML part"]')
  await expect(frame.locator('html')).toHaveAttribute('dir', 'rtl')
  await expect(frame.getByRole('link', { name: 'فتح' })).toBeVisible()
  await expect(page.locator('#template-text')).toContainText('نشر معلمك درجتك وملاحظاته في الكسور.')

  await page.goto('/admin/notification-templates?kind=payment-received&locale=en')
  await expect(page.locator('#template-subject')).toHaveText('Payment received: $49.00')
  await expect(page.getByText('This kind is critical')).toBeVisible()

  // A student, signed in, is refused the page: Payload lets custom views through without its admin check.
  await page.context().clearCookies()
  const login = await page.request.post('/api/users/login', { data: { email: north.student.email, password } })
  expect(login.ok(), await login.text()).toBe(true)
  await page.goto('/admin/notification-templates?kind=payment-received&locale=en')
  await expect(page.locator('.analytics-not-allowed [role="alert"]')).toHaveText('Notification templates are for the school’s staff.')
  await expect(page.locator('#template-subject')).toHaveCount(0)
})
