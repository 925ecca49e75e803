import type { Assignment, Submission } from '@/payload-types'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { PDF_MINIMAL } from '../fixtures/files'
import { FORBIDDEN_MESSAGE } from '../helpers/api'
import { bootApp, type TestApp } from '../helpers/boot'
import { type Clamd, EICAR, startClamd } from '../helpers/clamd'
import { createCourse } from '../helpers/courses'
import { createSchool, type Persona, type School, uniq } from '../helpers/personas'

let app: TestApp
let clamd: Clamd
let north: School
let south: School
let assignment: Assignment
let textOnly: Assignment
const id = uniq()

const tokenOf = (person: Persona): Promise<string> => app.api.tokenOf(person)

const form = (files: [string, Buffer][], text?: string) => {
  const data = new FormData()
  for (const [name, content] of files) {
    data.append('file', new Blob([new Uint8Array(content)]), name)
  }
  if (text !== undefined) {
    data.append('text', text)
  }
  return data
}

const handIn = async (target: Assignment, person: Persona, files: [string, Buffer][], text?: string) =>
  app.api.post(`/api/assignments/${target.id}/submit`, { token: await tokenOf(person), form: form(files, text) })

beforeAll(async () => {
  clamd = await startClamd()
  app = await bootApp({ CLAMD_PORT: String(clamd.port) })
  north = await createSchool(app.payload, `files-n-${id}`)
  south = await createSchool(app.payload, `files-s-${id}`)
  const course = await createCourse(app.payload, north.tenant.id, { instructors: [north.instructor.id] })
  await app.payload.create({ collection: 'enrollments', data: { user: north.student.id, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true })
  await app.payload.create({ collection: 'enrollments', data: { user: north.otherStudent.id, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true })
  const base = { course: course.id, dueAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), maxPoints: 10, maxAttempts: 5, latePolicy: 'cutoff' as const, cutoffAt: new Date(Date.now() + 9 * 86_400_000).toISOString(), _status: 'published' as const }
  assignment = await app.payload.create({ collection: 'assignments', data: { ...base, title: 'Lab report', submissionType: 'both', allowedFileTypes: ['pdf', 'txt'], maxFileSizeMb: 1 }, overrideAccess: true })
  textOnly = await app.payload.create({ collection: 'assignments', data: { ...base, title: 'Short answer', submissionType: 'text' }, overrideAccess: true })
})

afterAll(async () => {
  await app.close()
  await clamd.stop()
})

const submissionsOf = async (target: Assignment) =>
  (await app.payload.count({ collection: 'submissions', where: { assignment: { equals: target.id } }, overrideAccess: true })).totalDocs

describe('file submissions', () => {
  it('should store checked files under generated names and serve them as attachments to the right people', async () => {
    const response = await handIn(assignment, north.student, [['Report final.pdf', PDF_MINIMAL]], 'See attached')
    expect(response.status).toBe(201)
    const { doc, files } = (await response.json()) as { doc: Submission; files: number }
    expect(files).toBe(1)
    const stored = (await app.payload.find({ collection: 'submission-files', where: { submission: { equals: doc.id } }, overrideAccess: true })).docs
    expect(stored).toHaveLength(1)
    expect(stored[0]).toMatchObject({ originalName: 'Report final.pdf', mimeType: 'application/pdf' })
    expect(stored[0]!.filename).toMatch(/^[0-9a-f-]{36}\.pdf$/)

    const download = async (person?: Persona) =>
      app.api.get(`/api/submission-files/file/${stored[0]!.filename}`, { token: person ? await tokenOf(person) : undefined, tenant: north.tenant.slug })
    const own = await download(north.student)
    expect(own.status).toBe(200)
    expect(own.headers.get('content-disposition')).toBe('attachment')
    expect(Buffer.from(await own.arrayBuffer()).equals(PDF_MINIMAL)).toBe(true)
    expect((await download(north.instructor)).status).toBe(200)
    for (const outsider of [north.otherStudent, south.admin, undefined]) {
      const refused = await download(outsider)
      expect(refused.status, outsider?.email ?? 'anonymous').toBe(403)
      expect(((await refused.json()) as { errors: { message: string }[] }).errors[0]?.message).toBe(FORBIDDEN_MESSAGE)
    }
  })

  it('should refuse an infected file, record nothing but an audit entry, and say why', async () => {
    const before = await submissionsOf(assignment)
    const response = await handIn(assignment, north.student, [['notes.txt', Buffer.concat([Buffer.from('My notes\n'), EICAR])]], 'Notes attached')
    expect(response.status).toBe(422)
    expect(((await response.json()) as { errors: { message: string }[] }).errors[0]?.message).toMatch(/malware/)
    expect(await submissionsOf(assignment)).toBe(before)
    const audit = await app.payload.find({ collection: 'audit-logs', where: { and: [{ action: { equals: 'upload-refused' } }, { tenants: { contains: north.tenant.id } }] }, overrideAccess: true })
    expect(audit.totalDocs).toBe(1)
    expect(audit.docs[0]?.changedFields).toContain('notes.txt')
  })

  it('should refuse types the assignment does not allow, disguised content, oversize files and files for text-only work', async () => {
    const before = await submissionsOf(assignment)
    expect((await handIn(assignment, north.student, [['picture.png', PDF_MINIMAL]])).status).toBe(415)
    expect((await handIn(assignment, north.student, [['fake.pdf', Buffer.from('not a pdf at all')]])).status).toBe(415)
    expect((await handIn(assignment, north.student, [['huge.pdf', Buffer.concat([PDF_MINIMAL, Buffer.alloc(1_100_000)])]])).status).toBe(413)
    // One bad file sinks the whole hand-in: nothing half-written.
    expect((await handIn(assignment, north.student, [['good.pdf', PDF_MINIMAL], ['bad.pdf', Buffer.from('nope')]])).status).toBe(415)
    expect(await submissionsOf(assignment)).toBe(before)
    expect((await handIn(textOnly, north.student, [['answer.pdf', PDF_MINIMAL]])).status).toBe(400)
    expect((await handIn(assignment, north.student, [])).status).toBe(400)
  })
})
