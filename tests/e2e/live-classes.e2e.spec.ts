import { expect, test } from '@playwright/test'
import crypto from 'node:crypto'

import { logIntoAdmin } from './adminSession'
import { bearer, tokenOf } from './apiSession'
import { type Fixtures, readFixtures } from './fixtures'
import { logIntoLearnerSite } from './learnerSession'

let fixtures: Fixtures

test.beforeAll(() => {
  fixtures = readFixtures()
})

test('an instructor schedules a live class in the admin panel; a student finds their own join link on the learner site', async ({ page, browser, request }) => {
  const { north, password, zoom } = fixtures
  const suffix = crypto.randomBytes(3).toString('hex')
  // North connects the run's Zoom account, and its instructor teaches a course its student takes (over the API: not under test here).
  const admin = bearer(await tokenOf(request, north.admin, password))
  const existing = await request.get(`/api/zoom-settings?where[tenant][equals]=${north.tenant.id}&limit=1`, { headers: admin })
  if (((await existing.json()) as { totalDocs: number }).totalDocs === 0) {
    const settings = await request.post('/api/zoom-settings', { headers: admin, data: { tenant: north.tenant.id, ...zoom, hostEmail: undefined, hosts: [{ email: zoom!.hostEmail }] } })
    expect(settings.status(), await settings.text()).toBe(201)
  }
  const courseTitle = `Live algebra ${suffix}`
  const created = await request.post('/api/courses', {
    headers: admin,
    data: { title: courseTitle, slug: `live-algebra-${suffix}`, language: 'en', tenant: north.tenant.id, instructors: [north.instructor.id], _status: 'published' },
  })
  expect(created.status(), await created.text()).toBe(201)
  const course = ((await created.json()) as { doc: { id: number; slug: string } }).doc
  const enrolled = await request.post('/api/enrollments', { headers: admin, data: { tenant: north.tenant.id, user: north.student.id, course: course.id, status: 'active', source: 'staff' } })
  expect(enrolled.status(), await enrolled.text()).toBe(201)

  // The instructor schedules the class in the admin panel: course, title, start, host.
  await logIntoAdmin(page, north.instructor, password)
  // In English: the admin panel keeps the content language a person last chose (another spec
  // has this instructor write in Arabic), and the class is read back in English below.
  await page.goto('/admin/collections/live-classes?locale=en')
  await expect(page).toHaveURL(/[?&]limit=\d+/)
  // An empty list offers "Create new" twice (the header's and the empty list's): either will do.
  await page.getByRole('link', { name: 'Create New' }).first().click()
  await expect(page).toHaveURL(/\/admin\/collections\/live-classes\/create/)
  await expect(page.locator('form[data-form-ready="true"]')).toBeVisible()
  await page.locator('#field-course .rs__control').click()
  await page.locator('.rs__option', { hasText: courseTitle }).click()
  await expect(page.locator('#field-course .relationship--single-value__text')).toHaveText(courseTitle)
  const title = `Quadratics, live ${suffix}`
  await page.locator('#field-title').fill(title)
  // Three days ahead at 14:00 in the browser's time zone, typed as the picker shows dates.
  const start = await page.evaluate(() => {
    const day = new Date()
    day.setDate(day.getDate() + 3)
    day.setHours(14, 0, 0, 0)
    return { iso: day.toISOString(), typed: `${day.toLocaleString('en-US', { month: 'short' })} ${day.getDate()}, ${day.getFullYear()} 2:00 PM` }
  })
  await page.locator('#field-startsAt input').fill(start.typed)
  await page.locator('#field-startsAt input').press('Escape')
  await page.locator('#field-host .rs__control').click()
  await page.locator('.rs__option', { hasText: north.instructor.name }).click()
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByText('Live class successfully created.')).toBeVisible()
  await expect(page).toHaveURL(/\/admin\/collections\/live-classes\/\d+$/)
  const classId = Number(/\/live-classes\/(\d+)$/.exec(new URL(page.url()).pathname)![1])

  // The jobs worker makes its Zoom meeting and registers the course's student.
  const teacher = bearer(await tokenOf(request, north.instructor, password))
  await expect
    .poll(async () => ((await (await request.get(`/api/live-classes/${classId}?depth=0`, { headers: teacher })).json()) as { zoom?: { state?: string } }).zoom?.state, { timeout: 30_000 })
    .toBe('ready')
  const saved = (await (await request.get(`/api/live-classes/${classId}?depth=0&locale=en`, { headers: teacher })).json()) as { title: string; startsAt: string; durationMinutes: number }
  expect(saved).toMatchObject({ title, startsAt: start.iso, durationMinutes: 60 })

  // The student finds it on the course's page and gets their own link.
  const learner = await browser.newPage()
  await logIntoLearnerSite(learner, { school: north.tenant.slug, person: north.student, password, next: `/learn/courses/${course.slug}` })
  const item = learner.getByTestId('live-class').filter({ hasText: title })
  await expect(item).toBeVisible()
  await item.getByRole('button', { name: 'Join on Zoom' }).click()
  const link = item.getByTestId('join-link')
  await expect(link).toBeVisible()
  const href = await link.getAttribute('href')
  expect(href).toMatch(/\/w\/\d+\?tk=[\w-]+/)
  // The same link the API hands this student, and not the one another enrolled student would get.
  const own = (await (await request.get(`/api/live-classes/${classId}/join`, { headers: bearer(await tokenOf(request, north.student, password)) })).json()) as { url: string; role: string }
  expect(own).toMatchObject({ role: 'student', url: href })
  const hostLink = (await (await request.get(`/api/live-classes/${classId}/join`, { headers: teacher })).json()) as { url: string; role: string }
  expect(hostLink.role).toBe('host')
  expect(hostLink.url).not.toBe(href)
  // Nobody else: a student of the school outside the course does not see the class at all.
  expect((await request.get(`/api/live-classes/${classId}/join`, { headers: bearer(await tokenOf(request, north.otherStudent, password)) })).status()).toBe(404)
  await learner.close()
})
