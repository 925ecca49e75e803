import { expect, test } from '@playwright/test'

import { logIntoAdmin } from './adminSession'
import { startWebhookReceiver } from '../helpers/webhookReceiver'
import { readFixtures } from './fixtures'

test.describe('webhooks in the admin panel', () => {
  test('a school admin registers an endpoint, takes its secret, tests it, receives an event and replays it', async ({ page, request }) => {
    const receiver = await startWebhookReceiver()
    try {
      const { north, password } = readFixtures()
      await logIntoAdmin(page, north.admin, password)
      await page.goto('/admin/collections/webhook-endpoints/create')
      await page.locator('#field-url').fill(receiver.url)
      // A list of text values: typed into the field's combobox, each confirmed with Enter.
      const events = page.locator('.field-type').filter({ hasText: /^Events\s*\*/ }).getByRole('combobox')
      await events.fill('enrollment.cancelled')
      await events.press('Enter')
      await page.locator('#action-save').click()
      await expect(page).toHaveURL(/\/admin\/collections\/webhook-endpoints\/\d+/)
      const endpointId = Number(/webhook-endpoints\/(\d+)/.exec(page.url())![1])

      // The secret is shown once, on the page the panel opens after creating the endpoint...
      const shown = page.locator('#new-secret code[data-secret]')
      await expect(shown).toHaveText(/^whsec_/)
      const secret = (await shown.textContent())!
      receiver.trust([secret])
      // ...and not again.
      await page.reload()
      await expect(page.locator('#send-test-event')).toBeVisible()
      await expect(page.locator('code[data-secret]')).toHaveCount(0)

      await page.locator('#send-test-event').click()
      await expect(page.getByText('Delivered (200).')).toBeVisible()
      expect(receiver.messages.at(-1)!.verifiedWith).toEqual([secret])
      expect(JSON.parse(receiver.messages.at(-1)!.body)).toMatchObject({ type: 'webhook.test', data: { endpoint: endpointId } })

      // A rotated secret is shown once too; while the two overlap, each signs.
      page.once('dialog', (dialog) => void dialog.accept())
      await page.locator('#rotate-secret').click()
      const rotatedShown = page.locator('code[data-secret]')
      await expect(rotatedShown).toHaveText(/^whsec_/)
      const rotated = (await rotatedShown.textContent())!
      expect(rotated).not.toBe(secret)
      await page.reload()
      await expect(page.locator('#rotate-secret')).toBeVisible()
      await expect(page.locator('code[data-secret]')).toHaveCount(0)
      receiver.trust([secret, rotated])

      // A real event: north's student leaves a course; the jobs worker delivers within seconds.
      const tokenOf = async (email: string) => ((await (await request.post('/api/users/login', { data: { email, password } })).json()) as { token: string }).token
      const adminToken = await tokenOf(north.admin.email)
      const created = await request.post('/api/courses', {
        headers: { Authorization: `JWT ${adminToken}` },
        data: { title: 'Webhook course', slug: `webhook-course-${Date.now()}`, language: 'en', enrollmentPolicy: 'open', tenant: north.tenant.id, _status: 'published' },
      })
      expect(created.status()).toBe(201)
      const course = ((await created.json()) as { doc: { id: number } }).doc
      const token = await tokenOf(north.student.email)
      const enrolled = await request.post(`/api/courses/${course.id}/enroll`, { headers: { Authorization: `JWT ${token}` } })
      const enrollment = ((await enrolled.json()) as { doc: { id: number } }).doc
      expect((await request.post(`/api/enrollments/${enrollment.id}/cancel`, { headers: { Authorization: `JWT ${token}` } })).status()).toBe(200)
      await expect.poll(() => receiver.messages.filter((m) => JSON.parse(m.body).type === 'enrollment.cancelled').length, { timeout: 20_000 }).toBe(1)
      const delivered = receiver.messages.find((m) => JSON.parse(m.body).type === 'enrollment.cancelled')!
      expect(delivered.verifiedWith).toEqual([secret, rotated])
      expect(JSON.parse(delivered.body)).toMatchObject({ data: { enrollment: enrollment.id, status: 'cancelled' } })

      // The delivery and its attempt are in the admin panel; replaying sends the same message again.
      await page.goto(`/admin/collections/webhook-deliveries?where[messageId][equals]=${encodeURIComponent(delivered.id)}`)
      await page.locator('table tbody tr td a').first().click()
      await expect(page.locator('#replay-delivery')).toBeVisible()
      await page.locator('#replay-delivery').click()
      await expect(page.getByText('Delivered (200).')).toBeVisible()
      expect(receiver.messages.filter((m) => m.id === delivered.id)).toHaveLength(2)
    } finally {
      await receiver.close()
    }
  })
})
