import type { Assignment, CertificateFile, Media, Submission, SubmissionFile } from '@/payload-types'

import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { PDF_MINIMAL, PNG_1X1 } from '../fixtures/files'
import { FORBIDDEN_MESSAGE } from '../helpers/api'
import { bootApp, type TestApp } from '../helpers/boot'
import { type Clamd, EICAR, startClamd } from '../helpers/clamd'
import { createCourse } from '../helpers/courses'
import { pdfImageCount } from '../helpers/pdf'
import { createSchool, createSuperAdmin, type Persona, type School, uniq } from '../helpers/personas'
import { type S3, startS3 } from '../helpers/s3'
import { pendingSchemaChanges } from '../helpers/schema'
import { TEST_ENV } from '../helpers/testEnv'

// Payload's config is imported once per test file: S3 is on for this whole file, and only here.
let app: TestApp
let clamd: Clamd
let s3: S3
let north: School
let south: School
let root: Persona
let assignment: Assignment
const id = uniq()

beforeAll(async () => {
  clamd = await startClamd()
  s3 = await startS3()
  app = await bootApp({ CLAMD_PORT: String(clamd.port), ...s3.env }, { ownDatabase: true })
  north = await createSchool(app.payload, `s3-n-${id}`)
  south = await createSchool(app.payload, `s3-s-${id}`)
  root = await createSuperAdmin(app.payload, `s3-${id}`)
  const course = await createCourse(app.payload, north.tenant.id, { instructors: [north.instructor.id] })
  for (const student of [north.student, north.otherStudent]) {
    await app.payload.create({ collection: 'enrollments', data: { user: student.id, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true })
  }
  assignment = await app.payload.create({
    collection: 'assignments',
    data: {
      course: course.id,
      title: 'Lab report',
      dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      maxPoints: 10,
      maxAttempts: 5,
      latePolicy: 'cutoff',
      cutoffAt: new Date(Date.now() + 9 * 86_400_000).toISOString(),
      submissionType: 'file',
      allowedFileTypes: ['pdf'],
      maxFileSizeMb: 1,
      _status: 'published',
    },
    overrideAccess: true,
  })
})

afterAll(async () => {
  await app.close()
  await s3.close()
  await clamd.stop()
})

const tokenOf = (person: Persona): Promise<string> => app.api.tokenOf(person)

const fileForm = (field: string, name: string, bytes: Buffer, data?: Record<string, unknown>) => {
  const form = new FormData()
  form.append(field, new Blob([new Uint8Array(bytes)]), name)
  if (data) {
    form.append('_payload', JSON.stringify(data))
  }
  return form
}

const uploadMedia = async (name: string, bytes: Buffer) =>
  app.api.post('/api/media', { token: await tokenOf(north.admin), form: fileForm('file', name, bytes, { tenant: north.tenant.id, alt: 'stored in S3' }) })

const uploaded = async (response: Response): Promise<Media> => {
  expect(response.status, await response.clone().text()).toBe(201)
  return ((await response.json()) as { doc: Media }).doc
}

const download = async (url: string, person?: Persona) =>
  app.api.get(url, { token: person ? await tokenOf(person) : undefined, tenant: north.tenant.slug })

const expectServed = async (response: Response, body: Buffer, headers: Record<string, string | null>) => {
  expect(response.status).toBe(200)
  for (const [name, value] of Object.entries(headers)) {
    expect(response.headers.get(name), name).toBe(value)
  }
  expect(Buffer.from(await response.arrayBuffer()).equals(body)).toBe(true)
}

/** Refused by access control before the bucket is asked: Payload's 403 for a file the person may not read. */
const expectRefused = async (response: Response, who: string) => {
  expect(response.status, who).toBe(403)
  expect(((await response.json()) as { errors: { message: string }[] }).errors[0]?.message, who).toBe(FORBIDDEN_MESSAGE)
}

describe('S3 storage', () => {
  it('should need no migration: the storage plugin adds no columns', async () => {
    expect(await pendingSchemaChanges(app.payload)).toEqual([])
  })

  it('should keep media in the bucket, not on disk, and serve it only through access control with the collection\'s headers', async () => {
    const image = await uploaded(await uploadMedia(`cover-${id}.png`, PNG_1X1))
    const pdf = await uploaded(await uploadMedia(`lesson-${id}.pdf`, PDF_MINIMAL))
    expect(await s3.keys()).toEqual(expect.arrayContaining([`media/${image.filename}`, `media/${pdf.filename}`]))
    expect(fs.existsSync(path.resolve('.data/test/media', image.filename!))).toBe(false)
    const audit = await app.payload.find({ collection: 'audit-logs', where: { and: [{ collection: { equals: 'media' } }, { documentId: { equals: String(image.id) } }] }, overrideAccess: true })
    expect(audit.docs.map((entry) => entry.action), 'one upload, one entry').toEqual(['create'])
    // The address is Payload's own route, never the bucket's.
    expect(image.url).toBe(`${TEST_ENV.SERVER_URL}/api/media/file/${image.filename}`)
    expect(pdf).toMatchObject({ mimeType: 'application/pdf', url: `${TEST_ENV.SERVER_URL}/api/media/file/${pdf.filename}` })

    // Staff read every file of their school (a student only those of lessons they may study now).
    await expectServed(await download(image.url!, north.admin), PNG_1X1, { 'content-type': 'image/png', 'x-content-type-options': 'nosniff', 'content-disposition': 'attachment' })
    await expectServed(await download(pdf.url!, north.instructor), PDF_MINIMAL, { 'content-type': 'application/pdf', 'x-content-type-options': 'nosniff', 'content-disposition': 'attachment' })
    // A super-admin's read has no constraint, so the plugin looks the document up itself.
    await expectServed(await download(pdf.url!, root), PDF_MINIMAL, { 'content-disposition': 'attachment' })
    for (const outsider of [south.admin, undefined]) {
      await expectRefused(await download(pdf.url!, outsider), outsider?.email ?? 'anonymous')
    }
  })

  it('should put nothing in the bucket for a refused file', async () => {
    const before = await s3.keys()
    expect((await uploadMedia(`infected-${id}.png`, Buffer.concat([PNG_1X1, EICAR]))).status).toBe(422)
    expect((await uploadMedia(`disguised-${id}.png`, PDF_MINIMAL)).status).toBe(415)
    expect(await s3.keys()).toEqual(before)
  })

  it('should keep a submission file in the bucket and serve it as an attachment to its student and the course staff only', async () => {
    const response = await app.api.post(`/api/assignments/${assignment.id}/submit`, { token: await tokenOf(north.student), form: fileForm('file', 'Report.pdf', PDF_MINIMAL) })
    expect(response.status, await response.clone().text()).toBe(201)
    const { doc } = (await response.json()) as { doc: Submission }
    const stored = (await app.payload.find({ collection: 'submission-files', where: { submission: { equals: doc.id } }, overrideAccess: true })).docs[0]!
    expect(await s3.keys()).toContain(`submission-files/${stored.filename}`)

    const url = `/api/submission-files/file/${stored.filename}`
    const headers = { 'content-type': 'application/pdf', 'content-disposition': 'attachment', 'x-content-type-options': 'nosniff', 'cache-control': 'private, no-store' }
    await expectServed(await download(url, north.student), PDF_MINIMAL, headers)
    await expectServed(await download(url, north.instructor), PDF_MINIMAL, headers)
    for (const outsider of [north.otherStudent, south.admin, undefined]) {
      await expectRefused(await download(url, outsider), outsider?.email ?? 'anonymous')
    }
  })

  it('should store each file of a hand-in with several files as its own object', async () => {
    const other = Buffer.from(PDF_MINIMAL.toString('latin1').replace('/Type /Catalog', '/Type /Catalog /Lang (so)'), 'latin1')
    const form = fileForm('file', 'First.pdf', PDF_MINIMAL)
    form.append('file', new Blob([new Uint8Array(other)]), 'Second.pdf')
    const response = await app.api.post(`/api/assignments/${assignment.id}/submit`, { token: await tokenOf(north.otherStudent), form })
    expect(response.status, await response.clone().text()).toBe(201)
    const { doc } = (await response.json()) as { doc: Submission }
    const stored = (await app.payload.find({ collection: 'submission-files', where: { submission: { equals: doc.id } }, sort: 'originalName', overrideAccess: true })).docs
    expect(stored.map((file) => file.originalName)).toEqual(['First.pdf', 'Second.pdf'])
    for (const [file, body] of [[stored[0]!, PDF_MINIMAL], [stored[1]!, other]] as const) {
      await expectServed(await download(`/api/submission-files/file/${file.filename}`, north.otherStudent), body, { 'content-disposition': 'attachment' })
    }
  })

  it('should replace the object when the file is replaced, and delete it with the document', async () => {
    const doc = await uploaded(await uploadMedia(`logo-${id}.png`, PNG_1X1))
    const token = await tokenOf(north.admin)
    const replaced = await app.api.patch(`/api/media/${doc.id}`, { token, form: fileForm('file', `logo-${id}.pdf`, PDF_MINIMAL, {}) })
    expect(replaced.status, await replaced.clone().text()).toBe(200)
    const replacement = ((await replaced.clone().json()) as { doc: Media }).doc
    const keys = await s3.keys()
    expect(keys).toContain(`media/${replacement.filename}`)
    expect(keys).not.toContain(`media/${doc.filename}`)

    const handedIn = (await app.payload.find({ collection: 'submission-files', where: { tenant: { equals: north.tenant.id } }, overrideAccess: true })).docs as SubmissionFile[]
    expect(handedIn.length).toBeGreaterThan(0)
    const handedInKeys = handedIn.map((file) => `submission-files/${file.filename}`)

    expect((await app.api.delete(`/api/media/${doc.id}`, { token })).status).toBe(200)
    // Gone, while the bucket still lists everything else: an empty listing would prove nothing.
    const afterMedia = await s3.keys()
    expect(afterMedia).not.toContain(`media/${replacement.filename}`)
    expect(afterMedia).toEqual(expect.arrayContaining(handedInKeys))

    for (const [i, file] of handedIn.entries()) {
      expect((await app.api.delete(`/api/submission-files/${file.id}`, { token })).status).toBe(200)
      const left = await s3.keys()
      expect(left).not.toContain(handedInKeys[i])
      expect(left).toEqual(expect.arrayContaining(handedInKeys.slice(i + 1)))
    }
  })

  it('should keep certificate PDFs in the bucket, with the school logo read back from it', async () => {
    const logo = await uploaded(await uploadMedia(`crest-${id}.png`, PNG_1X1))
    await app.payload.update({ collection: 'tenants', id: north.tenant.id, data: { branding: { logo: logo.id } }, overrideAccess: true })
    const course = await createCourse(app.payload, north.tenant.id, { sections: [] })
    const enrollment = await app.payload.create({ collection: 'enrollments', data: { user: north.student.id, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true })
    await app.payload.update({ collection: 'enrollments', id: enrollment.id, data: { status: 'completed' }, overrideAccess: true, context: { enrollmentActor: 'system' } })
    await app.payload.jobs.run({ queue: 'certificates' })
    const [certificate] = (await app.payload.find({ collection: 'certificates', where: { enrollment: { equals: enrollment.id } }, depth: 1, overrideAccess: true })).docs
    if (!certificate) {
      const jobs = await app.payload.find({ collection: 'payload-jobs', where: { taskSlug: { equals: 'issueCertificate' } }, overrideAccess: true })
      expect.fail(`no certificate was issued: ${JSON.stringify(jobs.docs.map((job) => job.error ?? job.log))}`)
    }
    const file = certificate!.file as CertificateFile
    expect(await s3.keys()).toContain(`certificate-files/${file.filename}`)
    expect(fs.existsSync(path.join(TEST_ENV.AQOON_DATA_DIR, 'certificate-files', file.filename!))).toBe(false)
    const response = await download(`/api/certificate-files/file/${file.filename}`, north.student)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-disposition')).toBe('attachment')
    const pdf = Buffer.from(await response.arrayBuffer())
    // The logo (with its transparency mask); a school without one gets a certificate without images.
    expect(await pdfImageCount(pdf)).toBeGreaterThan(0)
    expect((await download(`/api/certificate-files/file/${file.filename}`, north.otherStudent)).status).toBe(403)
  })
})
