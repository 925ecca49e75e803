import type { APIRequestContext } from '@playwright/test'

import { expect, test } from '@playwright/test'
import crypto from 'node:crypto'
import { createLocalJWKSet, jwtVerify } from 'jose'

import { pdfQrCode, pdfText } from '../helpers/pdf'
import { logIntoAdmin } from './adminSession'
import { type FixturePerson, type Fixtures, readFixtures } from './fixtures'

let fixtures: Fixtures

test.beforeAll(() => {
  fixtures = readFixtures()
})

/** A REST caller logged in as one person (a JWT), as a headless front end would be. */
const apiAs = async (request: APIRequestContext, person: FixturePerson) => {
  const login = await request.post('/api/users/login', { data: { email: person.email, password: fixtures.password } })
  expect(login.status()).toBe(200)
  const { token } = (await login.json()) as { token: string }
  const headers = { authorization: `JWT ${token}` }
  return {
    get: async <T>(path: string): Promise<T> => {
      const response = await request.get(path, { headers })
      expect(response.status(), path).toBe(200)
      return (await response.json()) as T
    },
    post: async <T>(path: string, data: unknown, expected = 201): Promise<T> => {
      const response = await request.post(path, { headers, data })
      expect(response.status(), `${path}: ${await response.text()}`).toBe(expected)
      return (await response.json()) as T
    },
    download: async (path: string): Promise<Buffer> => {
      const response = await request.get(path, { headers })
      expect(response.status(), path).toBe(200)
      expect(response.headers()['content-disposition']).toContain('attachment')
      return Buffer.from(await response.body())
    },
  }
}

type Doc = { id: number }
type CourseDoc = Doc & { sections: { lessons: { id: string }[] }[] }
type CertificateDoc = Doc & { serial: string; status: string; file: { filename: string } | number }

test('a student hands in work, the instructor grades it in the admin panel, the course completes and its certificate verifies', async ({ page, browser, request }) => {
  const north = fixtures.north
  const suffix = crypto.randomBytes(3).toString('hex')
  const instructor = await apiAs(request, north.instructor)
  const student = await apiAs(request, north.student)

  // An Arabic course with one lesson and one required assignment, written over the API.
  const title = `مبادئ علم البيانات ${suffix}`
  const course = (
    await instructor.post<{ doc: CourseDoc }>('/api/courses?locale=ar', {
      tenant: north.tenant.id,
      title,
      slug: `statistics-${suffix}`,
      language: 'ar',
      enrollmentPolicy: 'open',
      instructors: [north.instructor.id],
      sections: [{ title: 'البداية', lessons: [{ title: 'المتوسط والوسيط', type: 'text', required: true }] }],
      _status: 'published',
    })
  ).doc
  const assignment = (
    await instructor.post<{ doc: Doc }>('/api/assignments?locale=ar', {
      course: course.id,
      title: 'تمرين التباين',
      dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      maxPoints: 20,
      passMark: 12,
      maxAttempts: 1,
      latePolicy: 'penalty',
      latePenaltyPercentPerDay: 10,
      submissionType: 'text',
      requiredForCompletion: true,
      _status: 'published',
    })
  ).doc

  // The student enrolls, studies the lesson and hands in the assignment.
  await student.post(`/api/courses/${course.id}/enroll`, {})
  await student.post(`/api/courses/${course.id}/lessons/${course.sections[0]!.lessons[0]!.id}/complete`, {}, 200)
  const submission = (await student.post<{ doc: Doc }>(`/api/assignments/${assignment.id}/submit`, { text: 'التباين هو متوسط مربعات الانحرافات.' })).doc
  const enrollmentOf = async () =>
    (await student.get<{ docs: { status: string; progress: number }[] }>(`/api/enrollments?where[course][equals]=${course.id}&depth=0`)).docs[0]
  expect(await enrollmentOf()).toMatchObject({ status: 'active', progress: 50 })

  // The instructor grades it in the admin panel and releases the grade.
  await logIntoAdmin(page, north.instructor, fixtures.password)
  await page.goto(`/admin/collections/submissions/${submission.id}`)
  await expect(page.locator('form[data-form-ready="true"]')).toBeVisible()
  await page.locator('#field-points').fill('17')
  await page.locator('#field-feedback').fill('إجابة واضحة وصحيحة.')
  await page.locator('#field-release').check()
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByText(/successfully/i).first()).toBeVisible()

  // The grade reaches the student, and the course is complete.
  const graded = await student.get<{ points: number; finalPoints: number; status: string }>(`/api/submissions/${submission.id}?depth=0`)
  expect(graded).toMatchObject({ points: 17, finalPoints: 17, status: 'returned' })
  expect(await enrollmentOf()).toMatchObject({ status: 'completed', progress: 100 })

  // The jobs worker issues the certificate; the student downloads its PDF.
  let certificate: CertificateDoc | undefined
  await expect
    .poll(async () => {
      certificate = (await student.get<{ docs: CertificateDoc[] }>(`/api/certificates?where[course][equals]=${course.id}&depth=1`)).docs[0]
      return certificate?.status
    }, { timeout: 30_000 })
    .toBe('valid')
  const file = certificate!.file as { filename: string }
  const pdf = await student.download(`/api/certificate-files/file/${file.filename}`)
  const text = await pdfText(pdf)
  expect(text).toContain(north.student.name)
  expect(text).toContain(title)
  expect(text).toContain(certificate!.serial)

  // Its QR code opens the public verification page, for anyone.
  const url = await pdfQrCode(pdf)
  expect(url).toMatch(new RegExp(`/verify/${certificate!.serial}$`))
  const visitor = await (await browser.newContext()).newPage()
  await visitor.goto(url!)
  await expect(visitor.locator('main')).toHaveAttribute('dir', 'rtl')
  await expect(visitor.getByRole('status')).toHaveText(/شهادة صالحة/)
  await expect(visitor.locator('[data-field="holder"]')).toHaveText(north.student.name)
  await expect(visitor.locator('[data-field="course"]')).toHaveText(title)
  await expect(visitor.locator('[data-field="serial"]')).toHaveText(certificate!.serial)
  await expect(visitor.getByText(north.student.email)).toHaveCount(0)

  // A third party checks the signed credential offline against the published key.
  const jwks = await (await request.get('/.well-known/jwks.json')).json()
  const verification = (await (await request.get(`/api/certificates/verify/${certificate!.serial}`)).json()) as { valid: boolean; credential: string }
  expect(verification.valid).toBe(true)
  const { payload: claims } = await jwtVerify(verification.credential, createLocalJWKSet(jwks))
  expect(claims).toMatchObject({ sub: certificate!.serial, certificate: { holderName: north.student.name, courseTitle: title } })

  // The school's admin revokes it in the admin panel; the same page says so at once.
  const admin = await (await browser.newContext()).newPage()
  await logIntoAdmin(admin, north.admin, fixtures.password)
  await admin.goto(`/admin/collections/certificates/${certificate!.id}`)
  await expect(admin.locator('form[data-form-ready="true"]')).toBeVisible()
  await admin.locator('#field-status').click()
  await admin.getByRole('option', { name: 'revoked' }).click()
  await admin.locator('#field-revokedReason').fill('Issued in error')
  await admin.getByRole('button', { name: 'Save' }).click()
  await expect(admin.getByText(/successfully/i).first()).toBeVisible()
  await visitor.reload()
  await expect(visitor.getByRole('status')).toHaveText(/تم إلغاء هذه الشهادة/)
  await expect(visitor.locator('[data-field="revoked"]')).toContainText('Issued in error')

  // And re-issues it from the same page: a new certificate, valid, for the same enrollment.
  admin.once('dialog', (dialog) => void dialog.accept())
  await admin.locator('#reissue-certificate').click()
  await expect(admin).not.toHaveURL(new RegExp(`/certificates/${certificate!.id}$`))
  const fresh = Number(/\/certificates\/(\d+)$/.exec(admin.url())?.[1])
  const reissued = await student.get<CertificateDoc>(`/api/certificates/${fresh}?depth=0`)
  expect(reissued.serial).not.toBe(certificate!.serial)
  await visitor.goto(`/verify/${reissued.serial}`)
  await expect(visitor.getByRole('status')).toHaveText(/شهادة صالحة/)
})
