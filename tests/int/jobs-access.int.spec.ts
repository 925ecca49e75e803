import type { PayloadJob } from '@/payload-types'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { FORBIDDEN_MESSAGE } from '../helpers/api'
import { expectForbidden } from '../helpers/graphql'
import { createSchool, createSuperAdmin, type Persona, type School, uniq } from '../helpers/personas'

let app: TestApp
let school: School
let root: Persona
let job: PayloadJob
const id = uniq()
/** A queue of this file's own, so nothing here runs or schedules anyone else's jobs. */
const QUEUE = `jobs-access-${id}`
const UNAUTHORIZED = 'Unauthorized, you must be logged in to make this request.'

type Json = { errors?: { message: string }[]; message?: string; docs?: { id: number }[]; id?: number }

beforeAll(async () => {
  app = await bootApp()
  school = await createSchool(app.payload, `jobs-${id}`)
  root = await createSuperAdmin(app.payload, `jobs-${id}`)
  // Due in a year: it sits in the table to be read, and no worker of the run picks it up.
  job = (await app.payload.jobs.queue({ task: 'expireEnrollments', input: {}, queue: QUEUE, waitUntil: new Date(Date.now() + 365 * 86_400_000) })) as PayloadJob
})

afterAll(async () => {
  await app.payload.delete({ collection: 'payload-jobs', where: { queue: { equals: QUEUE } }, overrideAccess: true })
  await app.close()
})

const answer = async (response: Response) => ({ status: response.status, body: (await response.json()) as Json })

/** Every way in to the jobs queue over REST, as one person (or nobody). */
const rest = async (person?: Persona) => {
  const token = person ? await app.api.tokenOf(person) : undefined
  return {
    list: await answer(await app.api.get('/api/payload-jobs?depth=0', { token })),
    read: await answer(await app.api.get(`/api/payload-jobs/${job.id}?depth=0`, { token })),
    create: await answer(await app.api.post('/api/payload-jobs', { token, body: { taskSlug: 'expireEnrollments', input: {}, queue: QUEUE } })),
    update: await answer(await app.api.patch(`/api/payload-jobs/${job.id}`, { token, body: { waitUntil: new Date().toISOString() } })),
    remove: await answer(await app.api.delete(`/api/payload-jobs/${job.id}`, { token })),
    // Payload's endpoints; both are GET (so a cron service can call them).
    run: await answer(await app.api.get(`/api/payload-jobs/run?queue=${QUEUE}-empty&disableScheduling=true`, { token })),
    schedules: await answer(await app.api.get(`/api/payload-jobs/handle-schedules?queue=${QUEUE}-empty`, { token })),
  }
}

const forbidden = { status: 403, body: { errors: [expect.objectContaining({ message: FORBIDDEN_MESSAGE })] } }

const jobUntouched = async () => {
  const stored = await app.payload.findByID({ collection: 'payload-jobs', id: job.id, depth: 0, overrideAccess: true })
  expect(stored).toMatchObject({ queue: QUEUE, waitUntil: job.waitUntil, totalTried: 0 })
  const count = await app.payload.count({ collection: 'payload-jobs', where: { queue: { equals: QUEUE } }, overrideAccess: true })
  expect(count.totalDocs).toBe(1)
}

describe('the jobs queue', () => {
  it('should be closed over REST to tenant-admins, instructors, students and anonymous visitors', async () => {
    for (const person of [school.admin, school.instructor, school.student, undefined]) {
      const who = person?.email ?? 'anonymous'
      const answers = await rest(person)
      for (const operation of ['list', 'read', 'create', 'update', 'remove'] as const) {
        expect(answers[operation], `${who}: ${operation}`).toMatchObject(forbidden)
      }
      // Payload's run endpoints answer every refusal with 401, logged in or not.
      // The API gate puts their `{ message }` into the error shape every client reads.
      expect(answers.run, `${who}: run`).toEqual({ status: 401, body: { errors: [{ name: 'UnauthorizedError', message: UNAUTHORIZED }] } })
      expect(answers.schedules, `${who}: handle-schedules`).toEqual({ status: 401, body: { errors: [{ name: 'UnauthorizedError', message: UNAUTHORIZED }] } })
      // A POST to the run path is no route at all.
      const token = person ? await app.api.tokenOf(person) : undefined
      expect((await app.api.post(`/api/payload-jobs/run?queue=${QUEUE}-empty`, { token })).status, `${who}: POST run`).toBe(404)
    }
    await jobUntouched()
  })

  it('should be closed over GraphQL to the same people', async () => {
    for (const person of [school.admin, school.instructor, school.student, undefined]) {
      const who = person?.email ?? 'anonymous'
      const options = { token: person ? await app.api.tokenOf(person) : undefined }
      expectForbidden(await app.api.graphql('{ PayloadJobs { docs { id } } }', {}, options), `${who}: list`)
      expectForbidden(await app.api.graphql(`{ PayloadJob(id: ${job.id}) { id queue } }`, {}, options), `${who}: read`)
      expectForbidden(await app.api.graphql(`mutation { deletePayloadJob(id: ${job.id}) { id } }`, {}, options), `${who}: delete`)
    }
    await jobUntouched()
  })

  it('should let a super-admin read jobs and run them, and change them only through the queue', async () => {
    const answers = await rest(root)
    expect(answers.list.status).toBe(200)
    expect(answers.list.body.docs?.map((doc) => doc.id)).toContain(job.id)
    expect(answers.read).toMatchObject({ status: 200, body: { id: job.id } })
    expect(answers.run).toMatchObject({ status: 200, body: { message: 'Success', noJobsRemaining: true } })
    expect(answers.schedules).toMatchObject({ status: 200, body: { message: 'Success', queued: [] } })
    // Payload itself lets nobody write the jobs table over the API: jobs are queued and run.
    for (const operation of ['create', 'update', 'remove'] as const) {
      expect(answers[operation], `super-admin: ${operation}`).toMatchObject(forbidden)
    }
    const token = await app.api.tokenOf(root)
    const listed = await app.api.graphql(`{ PayloadJobs(where: { queue: { equals: "${QUEUE}" } }) { docs { id } } }`, {}, { token })
    expect(listed).toEqual({ data: { PayloadJobs: { docs: [{ id: job.id }] } } })
    await jobUntouched()
  })
})
