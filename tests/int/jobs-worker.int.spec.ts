import type { PayloadJob } from '@/payload-types'
import type { drainQueues as DrainQueuesFn } from '@/jobs/drainQueues'

type DrainQueues = typeof DrainQueuesFn

import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { NOTIFICATION_QUEUE } from '@/domain/notifications/queue'

import { bootApp, type TestApp } from '../helpers/boot'
import { createSchool, type School, uniq } from '../helpers/personas'
import { TEST_ENV } from '../helpers/testEnv'

// A database of its own: the jobs here are counted, and no other file's app may run them.
const LEASE_SECONDS = 4
let app: TestApp
let school: School
let mails = 0
// Imported once the environment carries this file's lease (settings are read when first imported).
let drainQueues: DrainQueues
const workers: ChildProcess[] = []

beforeAll(async () => {
  app = await bootApp({ JOBS_LEASE_SECONDS: String(LEASE_SECONDS) }, { ownDatabase: true })
  ;({ drainQueues } = await import('@/jobs/drainQueues'))
  const { settings } = await import('@/settings')
  expect(settings.jobs.leaseSeconds).toBe(LEASE_SECONDS)
  school = await createSchool(app.payload, `jobs-${uniq()}`)
}, 120_000)

afterAll(async () => {
  for (const worker of workers) {
    worker.kill('SIGKILL')
  }
  await app?.close()
})

/** A notification mail to the student, as the notifications subscriber logs one, and its job (each mails the student once). */
const queueMail = async (): Promise<number> => {
  const { sql } = await import('@payloadcms/db-postgres')
  const { rows } = await app.payload.db.drizzle.execute(sql`
    insert into notification_emails (tenant_id, person_id, "to", event, kind, category, critical, locale, subject, body, link, frequency, state, due_at, attempts, updated_at, created_at)
    values (${school.tenant.id}, ${school.student.id}, ${school.student.email}, ${++mails}, 'grade-released', 'grades', false, 'en', 'Grade released: Essay', 'Your teacher released your grade.', '/learn', 'immediate', 'queued', now(), 0, now(), now())
    returning id`)
  return (await app.payload.jobs.queue({ task: 'sendNotification', input: { email: Number(rows[0]!.id) }, queue: NOTIFICATION_QUEUE })).id as number
}

const job = (id: number): Promise<PayloadJob> => app.payload.findByID({ collection: 'payload-jobs', id, overrideAccess: true, depth: 0 })

/** Payload deletes a job once it completes (`deleteJobOnComplete`): a job that is gone ran to the end. */
const done = async (id: number): Promise<boolean> => (await app.payload.findByID({ collection: 'payload-jobs', id, overrideAccess: true, depth: 0, disableErrors: true })) === null

const mailsToStudent = () => app.mailbox.received.filter((mail) => mail.to.includes(school.student.email)).length

/** `npm run worker`'s script in a child of this process (not under tsx's launcher, so a signal reaches it), on this file's database. */
const startWorker = () => {
  const worker = spawn(process.execPath, ['--import', 'tsx', 'scripts/jobs-worker.ts'], {
    env: {
      ...process.env,
      ...TEST_ENV,
      DATABASE_URI: process.env.DATABASE_URI,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(app.mailbox.port),
      JOBS_LEASE_SECONDS: String(LEASE_SECONDS),
      JOBS_INTERVAL_SECONDS: '3600',
      EVENTS_INTERVAL_MS: '3600000',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  workers.push(worker)
  let output = ''
  const lines = new EventTarget()
  const read = (chunk: Buffer) => {
    output += chunk.toString()
    lines.dispatchEvent(new Event('line'))
  }
  worker.stdout!.on('data', read)
  worker.stderr!.on('data', read)
  const exited = once(worker, 'exit').then(([code]) => code as number | null)
  /** Resolves once the worker has printed `text`; rejects if it exits first. */
  const says = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (output.includes(text)) {
          lines.removeEventListener('line', check)
          resolve()
        }
      }
      lines.addEventListener('line', check)
      check()
      void exited.then(() => reject(new Error(`the worker exited before saying "${text}": ${output.slice(-2000)}`)))
    })
  return { worker, exited, says, output: () => output }
}

describe('the jobs worker', () => {
  it('should finish the job in hand on SIGTERM, take no new one, and exit', async () => {
    await drainQueues(app.payload)
    const mailed = mailsToStudent()
    const { held, release } = app.mailbox.hold()
    const first = await queueMail()
    const second = await queueMail()
    const { worker, exited, says } = startWorker()
    // The first job is mid-send: its mail is in, its answer held back.
    await held
    expect(await job(first)).toMatchObject({ processing: true })
    worker.kill('SIGTERM')
    await says('stopping after the work in hand')
    release()
    expect(await exited).toBe(0)
    expect(await done(first)).toBe(true)
    // The second was never taken: still due, for the next worker.
    expect(await job(second)).toMatchObject({ processing: false, totalTried: 0, hasError: false })
    expect(mailsToStudent()).toBe(mailed + 1)
    await drainQueues(app.payload)
    expect(await done(second)).toBe(true)
  }, 90_000)

  it('should take up a job its killed worker left running once the lease runs out, and meanwhile run the others', async () => {
    await drainQueues(app.payload)
    const mailed = mailsToStudent()
    const { held, release } = app.mailbox.hold()
    const stranded = await queueMail()
    const other = await queueMail()
    const { worker, exited } = startWorker()
    await held
    worker.kill('SIGKILL')
    await exited
    release()
    // Left as the dead worker had it: running, as far as the database knows.
    expect(await job(stranded)).toMatchObject({ processing: true })
    // Another worker runs what is due, but not the stranded job while its lease holds...
    await drainQueues(app.payload)
    expect(await done(other)).toBe(true)
    expect(await job(stranded)).toMatchObject({ processing: true, totalTried: 0 })
    // ...and once the lease runs out, takes it back and runs it.
    await expect
      .poll(async () => {
        await drainQueues(app.payload)
        return done(stranded)
      }, { timeout: (LEASE_SECONDS + 10) * 1000, interval: 250 })
      .toBe(true)
    // The held mail (the dead worker never heard it was taken), the other job's, and the stranded job's again.
    expect(mailsToStudent()).toBe(mailed + 3)
  }, 90_000)

  it('should run each job once when two workers drain the queues at the same moment', async () => {
    await drainQueues(app.payload)
    const mailed = mailsToStudent()
    const ids: number[] = []
    for (let i = 0; i < 12; i++) {
      ids.push(await queueMail())
    }
    const [a, b] = await Promise.all([drainQueues(app.payload), drainQueues(app.payload)])
    expect(a + b).toBe(12)
    expect(a).toBeGreaterThan(0)
    expect(b).toBeGreaterThan(0)
    for (const id of ids) {
      expect(await done(id)).toBe(true)
    }
    // One mail per job: a job run by both workers would have mailed twice.
    expect(mailsToStudent()).toBe(mailed + 12)
  }, 90_000)

  it('should give up on a job that has lost its worker too many times, saying why', async () => {
    const doomed = await queueMail()
    // As five dead workers would have left it: claimed, never renewed, tried four times before.
    const { sql } = await import('@payloadcms/db-postgres')
    await app.payload.db.drizzle.execute(sql`update payload_jobs set processing = true, total_tried = 4, updated_at = now() - interval '1 hour' where id = ${doomed}`)
    await drainQueues(app.payload)
    const given = await job(doomed)
    expect(given).toMatchObject({ processing: false, hasError: true, totalTried: 5 })
    expect(JSON.stringify(given.error)).toMatch(/stopped while running it 5 times/)
    expect(given.completedAt ?? null).toBeNull()
  })
})
