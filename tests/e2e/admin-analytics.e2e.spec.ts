import type { APIRequestContext, Page } from '@playwright/test'

import type { CourseAnalytics } from '@/domain/analytics/courseAnalytics'

import { expect, test } from '@playwright/test'
import crypto from 'node:crypto'
import fs from 'node:fs'

import { logIntoAdmin } from './adminSession'
import { type FixturePerson, type Fixtures, readFixtures } from './fixtures'

const DAY = 86_400_000

let fixtures: Fixtures
/** The course built for this file: its instructor is north's, one student handed in overdue work, one did not. */
let course: { id: number; title: string; slug: string; assignment: string }

const tokenOf = async (request: APIRequestContext, person: FixturePerson): Promise<string> => {
  const response = await request.post('/api/users/login', { data: { email: person.email, password: fixtures.password } })
  expect(response.status(), `login of ${person.email}`).toBe(200)
  return ((await response.json()) as { token: string }).token
}

/** POSTs as a person (JWT) and returns the created document. */
const post = async <T>(request: APIRequestContext, token: string, path: string, data: unknown): Promise<T> => {
  const response = await request.post(path, { data, headers: { Authorization: `JWT ${token}` } })
  const body = (await response.json()) as { doc: T }
  expect(response.status(), `${path}: ${JSON.stringify(body)}`).toBe(201)
  return body.doc
}

/** The JSON endpoint, as the person logged in on the page (cookies and Origin, like the browser). */
const analyticsJson = async (page: Page, courseId: number, atRiskDays = 14): Promise<CourseAnalytics> => {
  const response = await page.request.get(`/api/courses/${courseId}/analytics?atRiskDays=${atRiskDays}`, { headers: { origin: new URL(page.url()).origin } })
  expect(response.status()).toBe(200)
  return (await response.json()) as CourseAnalytics
}

/** The figures as the view writes them: counts as numbers, shares with %, nothing measured yet as a dash. */
const shown = (value: number | null, share: boolean): string => (value === null ? '—' : `${value}${share ? '%' : ''}`)

const expectFigures = async (scope: ReturnType<Page['locator']>, analytics: CourseAnalytics) => {
  const figures: [string, number | null, boolean][] = [
    ['enrolled', analytics.enrolled, false],
    ['active', analytics.active, false],
    ['completed', analytics.completed, false],
    ['completionRate', analytics.completionRate, true],
    ['averageProgress', analytics.averageProgress, true],
    ['submissionRate', analytics.submissionRate, true],
    ['averageGrade', analytics.averageGradePercent, true],
    ['atRisk', analytics.studentsAtRisk.length, false],
  ]
  for (const [key, value, share] of figures) {
    await expect(scope.getByTestId(`metric-${key}`), key).toHaveText(shown(value, share))
  }
}

test.beforeAll(async ({ request }) => {
  fixtures = readFixtures()
  const { north } = fixtures
  const suffix = crypto.randomBytes(3).toString('hex')
  const instructor = await tokenOf(request, north.instructor)
  const created = await post<{ id: number; title: string; slug: string }>(request, instructor, '/api/courses', {
    tenant: north.tenant.id,
    title: `Statistics ${suffix}`,
    slug: `statistics-${suffix}`,
    language: 'en',
    _status: 'published',
  })
  for (const student of [north.student, north.otherStudent]) {
    await post(request, instructor, '/api/enrollments', { user: student.id, course: created.id })
  }
  const assignment = await post<{ id: number; title: string }>(request, instructor, '/api/assignments', {
    course: created.id,
    title: `Survey report ${suffix}`,
    dueAt: new Date(Date.now() - DAY).toISOString(),
    latePolicy: 'cutoff',
    cutoffAt: new Date(Date.now() + 5 * DAY).toISOString(),
    maxPoints: 10,
    submissionType: 'text',
    _status: 'published',
  })
  // One student hands the (already overdue) work in and is graded; the other does nothing.
  const submission = await post<{ id: number }>(request, await tokenOf(request, north.student), `/api/assignments/${assignment.id}/submit`, { text: 'My survey' })
  const graded = await request.post(`/api/submissions/${submission.id}/grade`, { data: { points: 8 }, headers: { Authorization: `JWT ${instructor}` } })
  expect(graded.status()).toBe(200)
  course = { ...created, assignment: assignment.title }
})

test.describe('admin analytics view', () => {
  test("an instructor finds the course's figures as the API gives them, then the student at risk", async ({ page }) => {
    const { north } = fixtures
    await logIntoAdmin(page, north.instructor, fixtures.password)

    // Below Payload's wide breakpoint the nav starts closed, as a person at this size would find it.
    await page.getByRole('button', { name: 'Open Menu' }).click()
    await page.locator('#nav-analytics').click()
    await expect(page).toHaveURL(/\/admin\/analytics$/)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Progress analytics')
    const row = page.locator(`tr[data-course="${course.id}"]`)
    await expect(row.getByRole('link', { name: course.title })).toBeVisible()
    const json = await analyticsJson(page, course.id)
    expect(json).toMatchObject({ enrolled: 2, active: 2, submissionRate: 50, averageGradePercent: 80 })
    await expectFigures(row, json)

    await row.getByRole('link', { name: course.title }).click()
    await expect(page).toHaveURL(new RegExp(`/admin/analytics/${course.id}$`))
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(course.title)
    await expectFigures(page.locator('.analytics__metrics'), json)
    const atRisk = page.getByTestId('students-at-risk')
    const otherStudentRow = atRisk.locator('tbody tr', { hasText: north.otherStudent.email })
    await expect(otherStudentRow).toContainText(north.otherStudent.name)
    await expect(otherStudentRow).toContainText(`overdue: ${course.assignment}`)
    // The student who handed in is not at risk.
    await expect(atRisk.getByText(north.student.email)).toHaveCount(0)

    // Another threshold: the URL carries it and the figures still match the API's for it.
    await page.locator('#at-risk-days').fill('30')
    await page.getByRole('button', { name: 'Show' }).click()
    await expect(page).toHaveURL(new RegExp(`/admin/analytics/${course.id}\\?atRiskDays=30$`))
    await expect(page.locator('#at-risk-days')).toHaveValue('30')
    await expectFigures(page.locator('.analytics__metrics'), await analyticsJson(page, course.id, 30))
    await expect(otherStudentRow).toBeVisible()

    // The gradebook downloads as CSV with both students.
    const downloading = page.waitForEvent('download')
    await page.getByRole('link', { name: 'Download the gradebook (CSV)' }).click()
    const download = await downloading
    expect(download.suggestedFilename()).toBe(`gradebook-${course.slug}.csv`)
    const csv = fs.readFileSync(await download.path(), 'utf8')
    expect(csv).toContain(north.student.email)
    expect(csv).toContain(north.otherStudent.email)

    // A student at risk leads to their progress across courses, as the API gives it.
    await otherStudentRow.getByRole('link', { name: north.otherStudent.name }).click()
    await expect(page).toHaveURL(new RegExp(`/admin/analytics/students/${north.otherStudent.id}$`))
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${north.otherStudent.name}: progress across courses`)
    const learning = await page.request.get(`/api/users/${north.otherStudent.id}/learning`, { headers: { origin: new URL(page.url()).origin } })
    const entry = ((await learning.json()) as { courses: { course: { id: number }; status: string; progress: number }[] }).courses.find((c) => c.course.id === course.id)!
    const courseRow = page.getByTestId('student-courses').locator(`tr[data-course="${course.id}"]`)
    await expect(courseRow.locator('[data-field="status"]')).toHaveText(entry.status)
    await expect(courseRow.locator('[data-field="progress"]')).toHaveText(`${entry.progress}%`)
  })

  test('a course edit view links to its analytics; a bad threshold is explained', async ({ page }) => {
    await logIntoAdmin(page, fixtures.north.instructor, fixtures.password)
    await page.goto(`/admin/collections/courses/${course.id}`)
    await page.locator('#course-analytics-link').click()
    await expect(page).toHaveURL(new RegExp(`/admin/analytics/${course.id}$`))
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(course.title)

    await page.goto(`/admin/analytics/${course.id}?atRiskDays=0`)
    await expect(page.locator('.analytics__error')).toHaveText('Enter a whole number of days from 1 to 365.')
  })

  test('in Arabic the view reads right to left', async ({ page }) => {
    await logIntoAdmin(page, fixtures.north.instructor, fixtures.password)
    // The admin panel's language is Payload's `payload-lng` cookie, as its language switch sets it.
    await page.context().addCookies([{ name: 'payload-lng', value: 'ar', url: new URL(page.url()).origin }])
    await page.goto(`/admin/analytics/${course.id}`)
    await expect(page.locator('html')).toHaveAttribute('dir', /rtl/i)
    await expect(page.getByRole('heading', { level: 2 })).toHaveText('الطلاب المعرّضون للخطر')
    await expect(page.getByTestId('students-at-risk')).toContainText(`واجبات متأخرة: ${course.assignment}`)
  })

  test('a student opening the analytics is refused and shown no data', async ({ page }) => {
    const { north } = fixtures
    // Students cannot use the admin panel's login; their session comes from the API, as on the learner site.
    const login = await page.request.post('/api/users/login', { data: { email: north.student.email, password: fixtures.password } })
    expect(login.status()).toBe(200)
    for (const path of ['/admin/analytics', `/admin/analytics/${course.id}`, `/admin/analytics/students/${north.student.id}`]) {
      await page.goto(path)
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Not allowed')
      await expect(page.getByText("Progress analytics are for a course's instructors and the school's admins.")).toBeVisible()
      await expect(page.getByText(course.title)).toHaveCount(0)
      await expect(page.locator('table')).toHaveCount(0)
      await expect(page.locator('#nav-analytics')).toHaveCount(0)
    }
  })

  test('an anonymous visitor signs in first and comes back to the page asked for', async ({ page }) => {
    const wanted = `/admin/analytics/${course.id}`
    await page.goto(wanted)
    await expect(page).toHaveURL(/\/admin\/login\?/)
    expect(new URL(page.url()).searchParams.get('redirect')).toBe(wanted)
    await page.locator('#field-email').fill(fixtures.north.instructor.email)
    await page.locator('#field-password').fill(fixtures.password)
    await page.locator('form button[type="submit"]').click()
    await expect(page).toHaveURL(new RegExp(`${wanted}$`))
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(course.title)
  })
})
