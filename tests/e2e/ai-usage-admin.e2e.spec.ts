import { expect, test } from '@playwright/test'
import crypto from 'node:crypto'

import { lexicalParagraph } from '@/fields/lexicalParagraph'

import { logIntoAdmin } from './adminSession'
import { bearer, tokenOf } from './apiSession'
import { type Fixtures, readFixtures } from './fixtures'

/** A school admin reads the school's AI budget and who spent it on which day in the admin panel; an instructor is kept out. */
let fixtures: Fixtures

test.beforeAll(() => {
  fixtures = readFixtures()
})

test('a school admin reads the AI budget, what is left, and the month by day and person; an instructor is kept out', async ({ page, request }) => {
  const { north, password } = fixtures
  const admin = bearer(await tokenOf(request, north.admin, password))
  // North's AI settings: made once, so the test may run again.
  const existing = await request.get(`/api/ai-settings?where[tenant][equals]=${north.tenant.id}&limit=1&depth=0`, { headers: admin })
  const found = ((await existing.json()) as { docs: { id: number }[] }).docs[0]
  const saved = found
    ? await request.patch(`/api/ai-settings/${found.id}`, { headers: admin, data: { monthlyTokens: 250_000, tutorMonthlyTokens: 100_000 } })
    : await request.post('/api/ai-settings', { headers: admin, data: { tenant: north.tenant.id, monthlyTokens: 250_000, tutorMonthlyTokens: 100_000 } })
  expect(saved.ok(), await saved.text()).toBe(true)
  // North's student asks a tutor one question (against the Gemini stand-in), so the month has a day and a person.
  const suffix = crypto.randomBytes(3).toString('hex')
  const made = await request.post('/api/courses', {
    headers: admin,
    data: { title: `Ratios ${suffix}`, slug: `ratios-${suffix}`, tenant: north.tenant.id, instructors: [north.instructor.id], tutorEnabled: true, sections: [{ title: 'Ratios', lessons: [{ title: 'Comparing', body: lexicalParagraph('A ratio compares two amounts.') }] }], _status: 'published' },
  })
  expect(made.status(), await made.text()).toBe(201)
  const course = ((await made.json()) as { doc: { id: number } }).doc.id
  const enrolled = await request.post('/api/enrollments', { headers: admin, data: { tenant: north.tenant.id, user: north.student.id, course, status: 'active', source: 'staff' } })
  expect(enrolled.status(), await enrolled.text()).toBe(201)
  const asked = await request.post(`/api/courses/${course}/tutor`, { headers: bearer(await tokenOf(request, north.student, password)), data: { message: 'What does a ratio compare?' } })
  expect(asked.status()).toBe(200)
  expect(await asked.text()).toContain('event: done')

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
  // The school's month: its budget, what the question spent (as the ledger's report says) and what is left.
  const report = await request.get(`/api/ai-usage/report?tenant=${north.tenant.id}`, { headers: bearer(await tokenOf(request, north.admin, password)) })
  const { spent } = ((await report.json()) as { schools: { budget: { spent: number } }[] }).schools[0]!.budget
  expect(spent).toBeGreaterThan(0)
  const number = new Intl.NumberFormat('en')
  await expect(budgets.locator('tbody tr').first().locator('td')).toHaveText([number.format(250_000), number.format(spent), number.format(250_000 - spent)])
  const school = page.locator(`#ai-usage-school-${north.tenant.id}`)
  await expect(school.locator('.ai-usage__people tbody tr', { hasText: north.student.email })).toBeVisible()
  await expect(school.locator('.ai-usage__days tbody tr').first()).toContainText(/\d{4}-\d{2}-\d{2}/)
  // A month that is not one is said so, beside the form.
  await page.goto('/admin/ai-usage?month=2026-13')
  await expect(page.locator('.revenue__error')).toContainText('"month" must be a month written YYYY-MM')

  await page.context().clearCookies()
  await logIntoAdmin(page, north.instructor, password)
  await expect(page.locator('#nav-ai-usage-report')).toHaveCount(0)
  await page.goto('/admin/ai-usage')
  await expect(page.locator('.revenue__error')).toHaveText('AI usage is for the school’s admins.')
})
