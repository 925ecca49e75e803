import type { Course } from '@/payload-types'

import type { CallOptions } from '../helpers/api'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { BULK_MAX_ROWS } from '@/domain/enrollment/bulkEnroll'

import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse } from '../helpers/courses'
import { createSchool, type School, uniq } from '../helpers/personas'

let app: TestApp
let north: School
let course: Course
const id = uniq()
const MB = 1_000_000

type Errors = { errors: { message: string }[] }

/** The API gate's answer to a body over the sheet's limit (1,000,000 bytes), before the endpoint reads it. */
const TOO_LARGE = 'The request body is too large: at most 1 MB may be sent here.'

/** People new to the school, so a sheet that got through would invite them (a document and a mail each). */
const newcomer = (stem: string, i: number) => `${stem}-${i}-${id}@limits.example`

/** Two enrollable rows, then one row whose name pads the sheet past `bytes`. */
const oversized = (stem: string, bytes: number) =>
  ['email,name', `${newcomer(stem, 1)},First`, `${newcomer(stem, 2)},Second`, `${newcomer(stem, 3)},${'x'.repeat(bytes)}`].join('\n')

const send = async (options: Pick<CallOptions, 'rawBody' | 'form' | 'headers'>) =>
  app.api.post(`/api/courses/${course.id}/enrollments/bulk`, { token: await app.api.tokenOf(north.admin), ...options })

/** Nothing of the sheet reached the database or the mail: no account, invitation or enrollment. */
const expectNothingCreated = async (stem: string) => {
  const accounts = await app.payload.count({ collection: 'users', where: { email: { like: `${stem}-` } }, overrideAccess: true })
  expect(accounts.totalDocs, `accounts of ${stem}`).toBe(0)
  const invitations = await app.payload.count({ collection: 'invitations', where: { email: { like: `${stem}-` } }, overrideAccess: true })
  expect(invitations.totalDocs, `invitations of ${stem}`).toBe(0)
  const enrollments = await app.payload.count({ collection: 'enrollments', where: { course: { equals: course.id } }, overrideAccess: true })
  expect(enrollments.totalDocs, 'enrollments').toBe(0)
  expect(app.mailbox.received.filter((mail) => mail.to.some((to) => to.startsWith(`${stem}-`))), `mail to ${stem}`).toEqual([])
}

beforeAll(async () => {
  app = await bootApp()
  north = await createSchool(app.payload, `bulk-lim-${id}`)
  course = await createCourse(app.payload, north.tenant.id, { enrollmentPolicy: 'invite-only' })
})

afterAll(() => app.close())

describe('bulk enrollment limits', () => {
  it('should answer 413 to a sheet over 1 MB that declares its length, before reading it, creating nothing', async () => {
    const sheet = Buffer.from(oversized('declared', MB))
    // Sent in pieces, counting what the server pulls: the declared length alone must decide.
    const CHUNK = 64 * 1024
    let pulled = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= sheet.length) {
          controller.close()
          return
        }
        const piece = sheet.subarray(pulled, pulled + CHUNK)
        pulled += piece.length
        controller.enqueue(new Uint8Array(piece))
      },
    })
    const response = await send({ rawBody: stream, headers: { 'content-type': 'text/csv', 'content-length': String(sheet.length) } })
    expect(response.status).toBe(413)
    expect(((await response.json()) as Errors).errors[0]?.message).toBe(TOO_LARGE)
    expect(pulled, 'bytes read before the refusal').toBeLessThan(sheet.length / 2)
    await expectNothingCreated('declared')
  })

  it('should answer 413 to a sheet over 1 MB sent without a length, creating nothing', async () => {
    const response = await send({ rawBody: oversized('undeclared', MB), headers: { 'content-type': 'text/csv' } })
    expect(response.status).toBe(413)
    expect(((await response.json()) as Errors).errors[0]?.message).toBe(TOO_LARGE)
    await expectNothingCreated('undeclared')
  })

  it('should answer 413 to a file over 1 MB in a multipart form, creating nothing', async () => {
    const form = new FormData()
    form.append('file', new Blob([oversized('multipart', MB)], { type: 'text/csv' }), 'people.csv')
    const response = await send({ form })
    expect(response.status).toBe(413)
    expect(((await response.json()) as Errors).errors[0]?.message).toBe(TOO_LARGE)
    await expectNothingCreated('multipart')
  })

  it('should answer 413 to a sheet over the row limit, creating nothing', async () => {
    const rows = Array.from({ length: BULK_MAX_ROWS + 1 }, (_, i) => newcomer('many', i))
    const sheet = ['email', ...rows].join('\n')
    // Under the size limit: the row limit is what refuses it.
    expect(Buffer.byteLength(sheet)).toBeLessThan(MB)
    const response = await send({ rawBody: sheet, headers: { 'content-type': 'text/csv' } })
    expect(response.status).toBe(413)
    expect(((await response.json()) as Errors).errors[0]?.message).toBe(`Upload at most ${BULK_MAX_ROWS} rows at a time.`)
    await expectNothingCreated('many')
  })

  it('should take the same sheet without the padding', async () => {
    // The other side of the line: what was refused above is the size, not the sheet.
    const other = await createCourse(app.payload, north.tenant.id, { enrollmentPolicy: 'invite-only' })
    const response = await app.api.post(`/api/courses/${other.id}/enrollments/bulk`, {
      token: await app.api.tokenOf(north.admin),
      rawBody: oversized('fits', 100),
      headers: { 'content-type': 'text/csv' },
    })
    expect(response.status).toBe(200)
    expect(((await response.json()) as { summary: Record<string, number> }).summary).toMatchObject({ rows: 3, invited: 3, failed: 0 })
    const invitations = await app.payload.count({ collection: 'invitations', where: { email: { like: 'fits-' } }, overrideAccess: true })
    expect(invitations.totalDocs).toBe(3)
  })
})
