import type { Certificate, CertificateFile, Course, Enrollment } from '@/payload-types'

import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose'
import { ValidationError } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { GET as jwksRoute } from '@/app/.well-known/jwks.json/route'
import { drainQueues } from '@/jobs/drainQueues'
import { issueCertificate } from '@/domain/certificates/issueCertificate'

import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse, lessonIds } from '../helpers/courses'
import { pdfImageCount, pdfQrCode, pdfText } from '../helpers/pdf'
import { createPerson, createSchool, type Persona, type School, uniq } from '../helpers/personas'

let app: TestApp
let north: School
let south: School
let course: Course
const id = uniq()
const ARABIC_TITLE = 'أساسيات البرمجة'
const HOLDER = 'Amina Yusuf'

const tokenOf = (person: Persona): Promise<string> => app.api.tokenOf(person)
const messageOf = async (response: Response) => ((await response.json()) as { errors: { message: string }[] }).errors[0]?.message

type Verification = { serial: string; status: string; valid: boolean; holderName: string; course: string; school: string; issuedAt: string; revokedReason: string | null; credential: string }

const verify = async (serial: string) => app.api.get(`/api/certificates/verify/${encodeURIComponent(serial)}`)

const certificatesOf = async (enrollment: number): Promise<Certificate[]> =>
  (await app.payload.find({ collection: 'certificates', where: { enrollment: { equals: enrollment } }, sort: 'createdAt', depth: 0, overrideAccess: true })).docs

/** Enrolls a new student and completes every required lesson through the API, as the student would. */
const completeCourse = async (target: Course, student: Persona): Promise<Enrollment> => {
  const enrollment = await app.payload.create({ collection: 'enrollments', data: { user: student.id, course: target.id, status: 'active', source: 'staff' }, overrideAccess: true })
  for (const lesson of lessonIds(target).slice(0, 2)) {
    const response = await app.api.post(`/api/courses/${target.id}/lessons/${lesson}/complete`, { token: await tokenOf(student) })
    expect(response.status).toBe(200)
  }
  const done = await app.payload.findByID({ collection: 'enrollments', id: enrollment.id, overrideAccess: true })
  expect(done.status).toBe('completed')
  return done
}

const newStudent = (school: School) =>
  createPerson(app.payload, { email: `learner-${uniq()}@${school.tenant.slug}.example`, name: HOLDER, tenants: [{ tenant: school.tenant.id, roles: ['student'] }] })

beforeAll(async () => {
  app = await bootApp()
  north = await createSchool(app.payload, `crt-n-${id}`, { branding: { displayName: 'North Academy', primaryColor: '#0b6e4f' } })
  south = await createSchool(app.payload, `crt-s-${id}`)
  course = await createCourse(app.payload, north.tenant.id, { language: 'ar', title: 'Programming basics', instructors: [north.instructor.id] })
  course = await app.payload.update({ collection: 'courses', id: course.id, locale: 'ar', data: { title: ARABIC_TITLE }, overrideAccess: true })
})

afterAll(() => app.close())

describe('certificates', () => {
  let student: Persona
  let enrollment: Enrollment
  let certificate: Certificate
  let pdf: Buffer

  it('should be issued once by a job when an enrollment completes, even when the job runs twice', async () => {
    student = await newStudent(north)
    enrollment = await completeCourse(course, student)
    expect(await certificatesOf(enrollment.id)).toHaveLength(0)
    await app.payload.jobs.run({ queue: 'certificates' })
    // A second run of the same work (a retried or duplicated job) issues nothing new.
    await app.payload.jobs.queue({ task: 'issueCertificate', input: { enrollment: enrollment.id }, queue: 'certificates' })
    await app.payload.jobs.run({ queue: 'certificates' })
    const issued = await certificatesOf(enrollment.id)
    expect(issued).toHaveLength(1)
    certificate = issued[0]!
    expect(certificate).toMatchObject({ status: 'valid', holderName: HOLDER, courseTitle: ARABIC_TITLE, schoolName: 'North Academy', locale: 'ar', holder: student.id })
    expect(certificate.serial).toMatch(/^[0-9A-Z]{6}(-[0-9A-Z]{6}){3}$/)
  })

  it('should issue one certificate when two issuers race for the same enrollment', async () => {
    const racer = await newStudent(north)
    const done = await app.payload.create({ collection: 'enrollments', data: { user: racer.id, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true })
    await app.payload.update({ collection: 'enrollments', id: done.id, data: { status: 'completed' }, overrideAccess: true, context: { enrollmentActor: 'system' } })
    const results = await Promise.all([1, 2, 3].map(async () => issueCertificate({ req: await localRequest(), enrollmentId: done.id })))
    expect(results.filter((r) => r?.created)).toHaveLength(1)
    expect(new Set(results.map((r) => r?.certificate.serial)).size).toBe(1)
    expect(await certificatesOf(done.id)).toHaveLength(1)
  })

  it('should render a PDF with the holder, the Arabic title and a QR code that leads to a valid verification', async () => {
    const file = (await app.payload.findByID({ collection: 'certificate-files', id: certificate.file as number, overrideAccess: true })) as CertificateFile
    const download = await app.api.get(`/api/certificate-files/file/${file.filename}`, { token: await tokenOf(student) })
    expect(download.status).toBe(200)
    expect(download.headers.get('content-disposition')).toContain('attachment')
    pdf = Buffer.from(await download.arrayBuffer())
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')

    const text = await pdfText(pdf)
    expect(text).toContain(HOLDER)
    expect(text).toContain(certificate.serial)
    expect(text).toContain('North Academy')
    // Arabic comes out of the PDF as letters in reading order: shaped, not boxes or reversed.
    expect(text).toContain('شهادة إتمام')
    expect(text).toContain(ARABIC_TITLE)
    // North has no logo: the page is text and vectors only (the QR code is SVG).
    expect(await pdfImageCount(pdf)).toBe(0)

    const url = await pdfQrCode(pdf)
    expect(url).toBe(`${process.env.SERVER_URL}/verify/${certificate.serial}`)
    const serial = new URL(url!).pathname.split('/').pop()!
    const response = await verify(serial)
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    const body = (await response.json()) as Verification
    expect(body).toMatchObject({ serial: certificate.serial, status: 'valid', valid: true, holderName: HOLDER, course: ARABIC_TITLE, school: 'North Academy' })
    // Nothing more personal than the certificate shows.
    expect(JSON.stringify(body)).not.toContain(student.email)
  })

  it('should carry a credential that checks against the published key, and fails once a field is altered', async () => {
    const jwks = (await (await jwksRoute()).json()) as { keys: { kty: string; crv: string; kid: string }[] }
    expect(jwks.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519' })
    expect(JSON.stringify(jwks)).not.toMatch(/"d"/)
    const keySet = createLocalJWKSet(jwks as never)
    const { credential } = (await (await verify(certificate.serial)).json()) as Verification
    const { payload } = await jwtVerify(credential, keySet)
    expect(payload).toMatchObject({ sub: certificate.serial, certificate: { holderName: HOLDER, courseTitle: ARABIC_TITLE, schoolName: 'North Academy', serial: certificate.serial } })

    const [header, body, signature] = credential.split('.')
    const claims = decodeJwt(credential) as { certificate: { holderName: string } }
    claims.certificate.holderName = 'Someone Else'
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`
    await expect(jwtVerify(forged, keySet)).rejects.toThrow(/signature/i)
    expect(body).not.toBe(forged.split('.')[1])
  })

  it('should answer an unknown or malformed serial with a 404 in the error shape', async () => {
    for (const serial of ['ZZZZZZ-ZZZZZZ-ZZZZZZ-ZZZZZZ', 'nonsense', "'; drop table certificates; --"]) {
      const response = await verify(serial)
      expect(response.status).toBe(404)
      expect(await messageOf(response)).toMatch(/no certificate/i)
    }
    // Serials are accepted as people type them.
    expect((await verify(certificate.serial.toLowerCase().replace(/-/g, ' '))).status).toBe(200)
  })

  it('should let the holder and the course staff read the certificate and its PDF, nobody else', async () => {
    const file = (await app.payload.findByID({ collection: 'certificate-files', id: certificate.file as number, overrideAccess: true })) as CertificateFile
    for (const person of [student, north.instructor, north.admin]) {
      expect((await app.api.get(`/api/certificates/${certificate.id}`, { token: await tokenOf(person) })).status).toBe(200)
      expect((await app.api.get(`/api/certificate-files/file/${file.filename}`, { token: await tokenOf(person) })).status).toBe(200)
    }
    // Each outsider has a certificate of their own in view, so their list cannot be empty by failure.
    const theirs = await certificateOf(north.otherStudent, north)
    const southern = await certificateOf(south.student, south)
    for (const [person, own] of [[north.otherStudent, theirs], [south.admin, southern], [south.student, southern]] as const) {
      expect((await app.api.get(`/api/certificates/${certificate.id}`, { token: await tokenOf(person) })).status).toBe(404)
      expect((await app.api.get(`/api/certificate-files/file/${file.filename}`, { token: await tokenOf(person) })).status).toBe(403)
      const response = await app.api.get('/api/certificates?limit=100&depth=0', { token: await tokenOf(person) })
      expect(response.status).toBe(200)
      const listed = ((await response.json()) as { docs: Certificate[] }).docs.map((c) => c.id)
      expect(listed, person.email).toContain(own.id)
      expect(listed, person.email).not.toContain(certificate.id)
    }
    expect((await app.api.get(`/api/certificates/${certificate.id}`)).status).toBe(403)
    expect((await app.api.get(`/api/certificate-files/file/${file.filename}`)).status).toBe(403)
    // Nobody writes certificates over REST, not even the school's admin.
    expect((await app.api.post('/api/certificates', { token: await tokenOf(north.admin), body: { serial: 'X', holderName: 'Forged' } })).status).toBe(403)
    const patched = await app.api.patch(`/api/certificates/${certificate.id}`, { token: await tokenOf(north.admin), body: { holderName: 'Forged' } })
    expect(patched.status).toBe(200)
    expect((await app.payload.findByID({ collection: 'certificates', id: certificate.id, depth: 0, overrideAccess: true })).holderName).toBe(HOLDER)
    expect((await app.api.delete(`/api/certificates/${certificate.id}`, { token: await tokenOf(north.admin) })).status).toBe(403)
  })

  it('should let only the school admin revoke, with a reason, shown at once by verification', async () => {
    const revoke = async (person: Persona | undefined, body: unknown) =>
      app.api.post(`/api/certificates/${certificate.id}/revoke`, { token: person ? await tokenOf(person) : undefined, body })
    expect((await revoke(undefined, { reason: 'x' })).status).toBe(401)
    expect((await revoke(student, { reason: 'x' })).status).toBe(403)
    expect((await revoke(north.instructor, { reason: 'x' })).status).toBe(403)
    expect((await revoke(south.admin, { reason: 'x' })).status).toBe(404)
    expect((await revoke(north.admin, {})).status).toBe(400)
    expect((await revoke(north.admin, { reason: 42 })).status).toBe(400)
    expect((await verify(certificate.serial)).status).toBe(200)
    expect(((await (await verify(certificate.serial)).json()) as Verification).valid).toBe(true)

    expect((await revoke(north.admin, { reason: 'Issued in error' })).status).toBe(200)
    const after = (await (await verify(certificate.serial)).json()) as Verification
    expect(after).toMatchObject({ status: 'revoked', valid: false, revokedReason: 'Issued in error' })
    expect((await revoke(north.admin, { reason: 'again' })).status).toBe(409)
    // Revocation is one way, also through the admin panel's update.
    const back = await app.api.patch(`/api/certificates/${certificate.id}`, { token: await tokenOf(north.admin), body: { status: 'valid' } })
    expect(back.status).toBe(409)
    const audit = await app.payload.find({ collection: 'audit-logs', where: { and: [{ collection: { equals: 'certificates' } }, { documentId: { equals: String(certificate.id) } }] }, overrideAccess: true })
    expect(audit.docs.some((entry) => entry.changedFields?.includes('status'))).toBe(true)
  })

  it('should revoke through the admin panel update only with a reason', async () => {
    const other = await newStudent(north)
    const done = await completeCourse(course, other)
    await app.payload.jobs.run({ queue: 'certificates' })
    const [issued] = await certificatesOf(done.id)
    const patch = async (body: unknown) => app.api.patch(`/api/certificates/${issued!.id}`, { token: await tokenOf(north.admin), body })
    expect((await patch({ status: 'revoked' })).status).toBe(400)
    expect(((await (await verify(issued!.serial)).json()) as Verification).valid).toBe(true)
    expect((await patch({ status: 'revoked', revokedReason: 'Academic misconduct' })).status).toBe(200)
    const stored = await app.payload.findByID({ collection: 'certificates', id: issued!.id, depth: 0, overrideAccess: true })
    expect(stored).toMatchObject({ status: 'revoked', revokedReason: 'Academic misconduct', revokedBy: north.admin.id })
    expect(stored.revokedAt).toBeTruthy()
  })

  it('should re-issue a fresh certificate for the same enrollment, replacing the old one', async () => {
    await app.payload.update({ collection: 'users', id: student.id, data: { name: 'Amina Y. Farah' }, overrideAccess: true })
    expect((await app.api.post(`/api/certificates/${certificate.id}/reissue`, { token: await tokenOf(north.instructor) })).status).toBe(403)
    const response = await app.api.post(`/api/certificates/${certificate.id}/reissue`, { token: await tokenOf(north.admin) })
    expect(response.status).toBe(201)
    const fresh = ((await response.json()) as { doc: Certificate }).doc
    expect(fresh.serial).not.toBe(certificate.serial)
    expect(fresh).toMatchObject({ status: 'valid', holderName: 'Amina Y. Farah', replaces: certificate.id })
    const all = await certificatesOf(enrollment.id)
    expect(all.filter((c) => c.status === 'valid').map((c) => c.id)).toEqual([fresh.id])
    // Re-issuing a valid certificate revokes it in the same step.
    const again = ((await (await app.api.post(`/api/certificates/${fresh.id}/reissue`, { token: await tokenOf(north.admin), body: { reason: 'Name corrected' } })).json()) as { doc: Certificate }).doc
    expect(((await (await verify(fresh.serial)).json()) as Verification)).toMatchObject({ valid: false, revokedReason: 'Name corrected' })
    expect(((await (await verify(again.serial)).json()) as Verification).valid).toBe(true)
  })

  it('should issue nothing for a course that gives no certificates, and never a second valid one per enrollment', async () => {
    const plain = await createCourse(app.payload, north.tenant.id, { issuesCertificate: false })
    const done = await completeCourse(plain, await newStudent(north))
    await app.payload.jobs.run({ queue: 'certificates' })
    expect(await certificatesOf(done.id)).toHaveLength(0)
    // The database refuses a second valid certificate for one enrollment, whatever writes it.
    const [valid] = (await certificatesOf(enrollment.id)).filter((c) => c.status === 'valid')
    const { id: _id, createdAt: _c, updatedAt: _u, ...copy } = valid!
    const refused = await app.payload
      .create({ collection: 'certificates', data: { ...copy, serial: 'AAAAAA-AAAAAA-AAAAAA-AAAAAA' } as never, overrideAccess: true })
      .then(() => undefined, (error: unknown) => error)
    // The partial unique index on the enrollment's column, as Payload reports a unique violation.
    expect(refused).toBeInstanceOf(ValidationError)
    expect((refused as ValidationError).data).toMatchObject({ errors: [{ path: 'enrollment_id', message: 'Value must be unique' }] })
  })
})

describe('the jobs worker', () => {
  it('should issue every queued certificate in one pass, not one batch of ten', async () => {
    const plain = await createCourse(app.payload, north.tenant.id, { sections: [] })
    const enrollments: number[] = []
    for (let i = 0; i < 12; i++) {
      const learner = await newStudent(north)
      const done = await app.payload.create({ collection: 'enrollments', data: { user: learner.id, course: plain.id, status: 'active', source: 'staff' }, overrideAccess: true })
      await app.payload.update({ collection: 'enrollments', id: done.id, data: { status: 'completed' }, overrideAccess: true, context: { enrollmentActor: 'system' } })
      enrollments.push(done.id)
    }
    expect(await drainQueues(app.payload)).toBeGreaterThanOrEqual(12)
    const issued = await app.payload.count({ collection: 'certificates', where: { enrollment: { in: enrollments } }, overrideAccess: true })
    expect(issued.totalDocs).toBe(12)
  })
})

/** A certificate written straight to the database for a person of a school, in a course of its own. */
const certificateOf = async (holder: Persona, school: School): Promise<Certificate> => {
  const ownCourse = await createCourse(app.payload, school.tenant.id, { sections: [] })
  const enrollment = await app.payload.create({ collection: 'enrollments', data: { user: holder.id, course: ownCourse.id, status: 'active', source: 'staff' }, overrideAccess: true })
  return app.payload.create({
    collection: 'certificates',
    data: {
      tenant: school.tenant.id,
      serial: `${uniq().toUpperCase()}-BBBBBB-BBBBBB-BBBBBB`,
      status: 'valid',
      holder: holder.id,
      enrollment: enrollment.id,
      course: ownCourse.id,
      holderName: holder.name,
      courseTitle: ownCourse.title,
      schoolName: school.tenant.name,
      locale: 'en',
      issuedAt: new Date().toISOString(),
    },
    overrideAccess: true,
  })
}

/** A Local API request of its own (its own transaction), as a job worker would have. */
const localRequest = async () => {
  const { createLocalReq } = await import('payload')
  return createLocalReq({}, app.payload)
}
