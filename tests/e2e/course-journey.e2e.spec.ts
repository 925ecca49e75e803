import type { Page } from '@playwright/test'

import { expect, test } from '@playwright/test'
import crypto from 'node:crypto'

import { logIntoAdmin } from './adminSession'
import { type Fixtures, readFixtures } from './fixtures'

let fixtures: Fixtures

test.beforeAll(() => {
  fixtures = readFixtures()
})

type CourseDoc = { id: number; title: string; summary: string; _status: string; sections: { lessons: { id: string }[] }[] }
type EnrollmentDoc = { status: string; progress: number; completedAt: string | null }

const apiGet = async <T>(page: Page, path: string): Promise<T> => {
  const response = await page.request.get(path, { headers: { origin: new URL(page.url()).origin } })
  expect(response.status(), path).toBe(200)
  return (await response.json()) as T
}

/**
 * Adds an array row and waits until its fields are drawn. The new row is drawn from the
 * form-state answer that its own change sends; a row added while an earlier change's
 * request is still waiting (the form debounces changes) is merged away with that answer
 * and stays a placeholder. So rows are added one at a time, before anything is typed.
 */
const addRow = async (page: Page, button: string, field: string) => {
  await page.getByRole('button', { name: button }).click()
  await expect(page.locator(field)).toBeVisible()
}

/** Waits for the admin form to be ready: before hydration, typing is lost. */
const formReady = (page: Page) => expect(page.locator('form[data-form-ready="true"]')).toBeVisible()

test('an instructor publishes a course in English and Arabic; a student finds it by an Arabic word, enrolls and completes it', async ({
  browser,
  page,
}) => {
  const north = fixtures.north
  const suffix = crypto.randomBytes(3).toString('hex')
  const slug = `organic-chemistry-${suffix}`

  // The instructor writes the course in English in the admin panel and publishes it.
  await logIntoAdmin(page, north.instructor, fixtures.password)
  await page.goto('/admin/collections/courses/create')
  await formReady(page)
  const lessons = ['Atoms and bonds', 'Functional groups']
  await addRow(page, 'Add Section', '#field-sections__0__title')
  for (const index of lessons.keys()) {
    await addRow(page, 'Add Lesson', `#field-sections__0__lessons__${index}__title`)
  }
  await page.locator('#field-title').fill('Organic chemistry')
  await page.locator('#field-slug').fill(slug)
  await page.locator('#field-summary').fill('Carbon compounds and their reactions.')
  await page.locator('#field-sections__0__title').fill('Foundations')
  for (const [index, title] of lessons.entries()) {
    await page.locator(`#field-sections__0__lessons__${index}__title`).fill(title)
  }
  await page.getByRole('button', { name: 'Publish changes' }).click()
  await expect(page).toHaveURL(/\/admin\/collections\/courses\/\d+/)
  const id = Number(/\/courses\/(\d+)/.exec(page.url())?.[1])

  // Then the Arabic translation of the same course, published too.
  await page.goto(`/admin/collections/courses/${id}?locale=ar`)
  await formReady(page)
  await page.locator('#field-title').fill('مقدمة في الكيمياء العضوية')
  await page.locator('#field-summary').fill('مركبات الكربون وتفاعلاتها.')
  await page.getByRole('button', { name: 'Publish changes' }).click()
  await expect(page.getByText(/successfully/i).first()).toBeVisible()

  const arabic = await apiGet<CourseDoc>(page, `/api/courses/${id}?locale=ar&depth=0`)
  expect(arabic).toMatchObject({ title: 'مقدمة في الكيمياء العضوية', _status: 'published' })
  const english = await apiGet<CourseDoc>(page, `/api/courses/${id}?locale=en&depth=0`)
  expect(english.title).toBe('Organic chemistry')

  // A student browses the school's catalog in Arabic and searches without the article.
  const student = await (await browser.newContext()).newPage()
  await student.goto(`/learn?school=${north.tenant.slug}&locale=ar`)
  await expect(student.locator('.learn-page')).toHaveAttribute('dir', 'rtl')
  await expect(student.locator('form[role="search"][data-ready="true"]')).toBeVisible()
  await student.getByRole('searchbox').fill('كيمياء')
  await student.getByRole('button', { name: 'بحث' }).click()
  const card = student.getByTestId('course-card').filter({ hasText: 'مقدمة في الكيمياء العضوية' })
  await expect(card).toHaveCount(1)
  await expect(student.getByTestId('course-card')).toHaveCount(1)
  await card.getByRole('link').click()
  await expect(student.getByRole('heading', { level: 1 })).toHaveText('مقدمة في الكيمياء العضوية')
  // Lesson titles not yet translated fall back to English.
  await expect(student.getByTestId('lesson')).toHaveCount(2)

  // Signs in, enrolls, and works through the lessons.
  await student.getByRole('link', { name: 'سجّل الدخول للتسجيل' }).click()
  await expect(student.locator('form[data-ready="true"]')).toBeVisible()
  await student.locator('input[name="email"]').fill(north.student.email)
  await student.locator('input[name="password"]').fill(fixtures.password)
  await student.locator('form').getByRole('button', { name: 'تسجيل الدخول' }).click()
  await expect(student.getByRole('heading', { level: 1 })).toHaveText('مقدمة في الكيمياء العضوية')
  await student.getByRole('button', { name: 'التسجيل في الدورة' }).click()
  const status = student.getByTestId('enrollment-status')
  await expect(status).toHaveText('مسجّل · التقدم: 0٪')
  await student.getByRole('button', { name: 'تحديد كمكتمل' }).first().click()
  await expect(status).toHaveText('مسجّل · التقدم: 50٪')
  await student.getByRole('button', { name: 'تحديد كمكتمل' }).click()
  await expect(status).toHaveText('أكملت الدورة · التقدم: 100٪')

  // The jobs worker issues the certificate; the course page offers it once it is there.
  const certificate = student.getByTestId('certificate')
  await expect(certificate).toContainText('شهادتك')
  await expect(async () => {
    await student.reload()
    await expect(certificate.getByRole('link', { name: 'تنزيل الشهادة (PDF)' })).toBeVisible({ timeout: 2_000 })
  }).toPass({ timeout: 30_000 })
  const pdf = await student.request.get((await certificate.getByRole('link', { name: 'تنزيل الشهادة (PDF)' }).getAttribute('href'))!)
  expect(pdf.status()).toBe(200)
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-')
  await certificate.getByRole('link', { name: 'صفحة التحقق العامة' }).click()
  await expect(student.getByRole('status')).toContainText('✓')

  const mine = await apiGet<{ docs: EnrollmentDoc[] }>(student, `/api/enrollments?where[course][equals]=${id}&depth=0`)
  expect(mine.docs).toHaveLength(1)
  expect(mine.docs[0]).toMatchObject({ status: 'completed', progress: 100 })
  expect(mine.docs[0]?.completedAt).toBeTruthy()
})
