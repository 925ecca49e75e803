import { type APIRequestContext, expect, type Page, test } from '@playwright/test'
import crypto from 'node:crypto'

import { bearer, tokenOf } from './apiSession'
import { type Fixtures, readFixtures } from './fixtures'
import { logIntoLearnerSite } from './learnerSession'

let fixtures: Fixtures

test.beforeAll(() => {
  fixtures = readFixtures()
})

type Doc = { id: number; slug: string }

/** A course with one assignment, the student enrolled and their work handed in (over the API: not under test here). */
const handedIn = async (request: APIRequestContext, suffix: string) => {
  const { north, password } = fixtures
  const teacher = bearer(await tokenOf(request, north.instructor, password))
  const learner = bearer(await tokenOf(request, north.student, password))
  const post = async (path: string, data: unknown, headers: Record<string, string>, expected = 201) => {
    const response = await request.post(path, { headers, data })
    expect(response.status(), `${path}: ${await response.text()}`).toBe(expected)
    return ((await response.json()) as { doc: Doc }).doc
  }
  const course = await post('/api/courses', { tenant: north.tenant.id, title: `Essay writing ${suffix}`, slug: `essays-${suffix}`, language: 'en', enrollmentPolicy: 'open', instructors: [north.instructor.id], sections: [{ title: 'Start', lessons: [{ title: 'Paragraphs', type: 'text', required: true }] }], _status: 'published' }, teacher)
  const assignment = await post('/api/assignments', { course: course.id, title: `First essay ${suffix}`, dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), maxPoints: 10, maxAttempts: 1, latePolicy: 'penalty', latePenaltyPercentPerDay: 10, submissionType: 'text', _status: 'published' }, teacher)
  await post(`/api/courses/${course.id}/enroll`, {}, learner)
  const submission = await post(`/api/assignments/${assignment.id}/submit`, { text: 'A paragraph has one idea.' }, learner)
  const release = async () => {
    const response = await request.post(`/api/submissions/${submission.id}/grade`, { headers: teacher, data: { points: 9, feedback: 'Clear.', release: true } })
    expect(response.status(), await response.text()).toBe(200)
  }
  return { course, release }
}

/**
 * The address of the bell's socket once the server has greeted it: from then on the server has it
 * registered and pushes reach it (a push before that would be missed by a first connection).
 */
const bellGreeted = (page: Page, host: string): Promise<URL> =>
  new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`no notifications socket to ${host} was greeted within 30 s`)), 30_000)
    page.on('websocket', (socket) => {
      if (!socket.url().startsWith(`ws://${host}/api/notifications/live`)) {
        return
      }
      socket.on('framereceived', ({ payload }) => {
        if (typeof payload === 'string' && (JSON.parse(payload) as { type?: string }).type === 'hello') {
          clearTimeout(deadline)
          resolve(new URL(socket.url()))
        }
      })
    })
  })

test('a student on the learner site hears at once that their grade is released, and reads it in their notifications', async ({ page, request, baseURL }) => {
  const { north, password } = fixtures
  const suffix = crypto.randomBytes(3).toString('hex')
  const { course, release } = await handedIn(request, suffix)

  // The student is on the course page when the teacher releases the grade.
  await logIntoLearnerSite(page, { school: north.tenant.slug, person: north.student, password, next: `/learn/courses/${course.slug}` })
  const greeted = bellGreeted(page, new URL(baseURL!).host)
  await page.goto(`/learn/courses/${course.slug}?school=${north.tenant.slug}`)
  await expect(page.getByTestId('notifications-link')).toBeVisible()
  await greeted
  await release()

  // It appears without a reload, with the unread count, and leads to the course.
  const heard = page.getByTestId('live-notification').filter({ hasText: `Grade released: First essay ${suffix}` })
  await expect(heard).toBeVisible({ timeout: 15_000 })
  await expect(page.getByTestId('unread-count')).toBeVisible()
  await expect(heard.getByRole('link')).toHaveAttribute('href', `/learn/courses/${course.slug}?school=${north.tenant.slug}`)

  // The notifications page lists it unread; marking all read clears the count.
  await page.getByTestId('notifications-link').click()
  const listed = page.getByTestId('notification').filter({ hasText: `Grade released: First essay ${suffix}` })
  await expect(listed).toHaveAttribute('data-unread', 'true')
  await page.getByTestId('mark-all-read').click()
  await expect(listed).not.toHaveAttribute('data-unread', 'true')
  await expect(page.getByTestId('unread-count')).toHaveCount(0)
})

test('on the school’s own address, with no ?school=, the bell is live too', async ({ page, request, baseURL }) => {
  const { north, password } = fixtures
  const suffix = crypto.randomBytes(3).toString('hex')
  const { course, release } = await handedIn(request, suffix)
  // The school's subdomain of the platform's domain (BASE_DOMAIN is localhost here, which Chromium resolves to this machine).
  const site = new URL(baseURL!)
  site.hostname = `${north.tenant.slug}.localhost`
  const next = `/learn/courses/${course.slug}`

  await page.goto(`${site.origin}/learn/login?next=${encodeURIComponent(next)}`)
  await expect(page.locator('form[data-ready="true"]')).toBeVisible()
  await page.locator('input[name="email"]').fill(north.student.email)
  await page.locator('input[name="password"]').fill(password)
  const greeted = bellGreeted(page, site.host)
  await page.locator('form').getByRole('button', { name: 'Log in' }).click()
  await expect(page).toHaveURL((url) => url.host === site.host && url.pathname === next && !url.searchParams.has('school'))
  await expect(page.getByTestId('notifications-link')).toBeVisible()
  // The bell's socket names no school: the address does.
  expect((await greeted).searchParams.has('school')).toBe(false)

  await release()
  await expect(page.getByTestId('live-notification').filter({ hasText: `Grade released: First essay ${suffix}` })).toBeVisible({ timeout: 15_000 })
  await expect(page.getByTestId('unread-count')).toBeVisible()
})
