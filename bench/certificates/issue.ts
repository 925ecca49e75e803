/**
 * The issuing half of the certificates benchmark, in a process of its own (so its memory
 * and its Chromium are its own): boots Payload on DATABASE_URI, makes a school with one
 * course per content language and the students who complete them, and times the real
 * job path, `payload.jobs.run({ queue: 'certificates', limit })`, until the queue is
 * empty. Writes its results as JSON to the file named by its first argument.
 *
 * BENCH_CERTIFICATES (per issuer count) and BENCH_ISSUERS (comma list) come from run.ts.
 */
import type { TaskConfig } from 'payload'

import config from '@payload-config'
import fs from 'node:fs'
import { getPayload } from 'payload'

import { CERTIFICATE_QUEUE } from '@/collections/Enrollments/hooks/queueCertificate'
import { CERTIFICATE_FILES, CERTIFICATES, COURSES, ENROLLMENTS } from '@/shared/slugs'
import { closeBrowser } from '@/services/pdf/chromium'

import { createCourse } from '../../tests/helpers/courses'
import { createPerson, createSchool, createSuperAdmin } from '../../tests/helpers/personas'
import { descendants, pssKiB, rssKiB } from '../shared/processes'
import { intFromEnv } from '../shared/runInfo'
import { percentile } from './stats'

export type IssueRun = {
  /** Jobs run at once: the `limit` of each `payload.jobs.run` call, whose jobs Payload runs in parallel. */
  issuers: number
  certificates: number
  seconds: number
  certificatesPerMinute: number
  /** The task handler's time per certificate (reads, signature, PDF, stored file and row). */
  latencyMs: { p50: number; p90: number; p99: number; max: number }
  /** One `payload.jobs.run` call: claim the jobs, run them, mark them done. */
  batchMs: { p50: number; p99: number }
  /**
   * Peaks while the run lasted. RSS (every 100 ms) counts pages Chromium's processes share
   * once per process, an upper bound; PSS (every 2 s, being costly to read) splits them.
   */
  memoryMiB: { peakRss: number; peakRssNode: number; peakRssChromium: number; peakPss: number; chromiumProcesses: number }
  averagePdfKiB: number
}

export type IssueResult = {
  firstCertificateMs: number
  runs: IssueRun[]
  superAdmin: { email: string; password: string }
}

const output = process.argv[2]
if (!output) {
  throw new Error('usage: issue.ts <result.json>')
}
const PER_RUN = intFromEnv(process.env.BENCH_CERTIFICATES, 60)
const ISSUERS = (process.env.BENCH_ISSUERS ?? '1,2,10').split(',').map((n) => intFromEnv(n, 0)).filter((n) => n > 0)
const log = (line: string) => console.log(`[bench] ${line}`)

// Time the task handler where Payload calls it: the jobs are queued and run as in the app.
const handlerMs: number[] = []
const resolved = await config
const task = resolved.jobs.tasks?.find((t) => t.slug === 'issueCertificate') as TaskConfig<'issueCertificate'> | undefined
if (!task || typeof task.handler !== 'function') {
  throw new Error('The issueCertificate task is not configured with a handler function.')
}
const handler = task.handler
task.handler = async (args) => {
  const started = performance.now()
  try {
    return await handler(args)
  } finally {
    handlerMs.push(performance.now() - started)
  }
}

const payload = await getPayload({ config })
const round = (value: number) => Math.round(value)

/** Samples memory of this process and its Chromium while `work` runs; peaks in MiB. */
const watchMemory = async <T>(work: () => Promise<T>): Promise<{ result: T; memory: IssueRun['memoryMiB'] }> => {
  const peak = { rss: 0, node: 0, chromium: 0, pss: 0, processes: 0 }
  const sampleRss = () => {
    const chromium = descendants(process.pid)
    const node = process.memoryUsage().rss / 1024
    const browser = rssKiB(chromium)
    peak.rss = Math.max(peak.rss, node + browser)
    peak.node = Math.max(peak.node, node)
    peak.chromium = Math.max(peak.chromium, browser)
    peak.processes = Math.max(peak.processes, chromium.length)
  }
  const samplePss = () => {
    peak.pss = Math.max(peak.pss, pssKiB([process.pid, ...descendants(process.pid)]))
  }
  const timers = [setInterval(sampleRss, 100), setInterval(samplePss, 2_000)]
  try {
    const result = await work()
    return { result, memory: { peakRss: round(peak.rss / 1024), peakRssNode: round(peak.node / 1024), peakRssChromium: round(peak.chromium / 1024), peakPss: round(peak.pss / 1024), chromiumProcesses: peak.processes } }
  } finally {
    timers.forEach(clearInterval)
  }
}

/** The school of the benchmark, its three courses (English, Arabic, Somali) and a super-admin for stock REST. */
const setUp = async () => {
  const school = await createSchool(payload, 'bench-certificates', { branding: { displayName: 'Aqoon Bench Academy', primaryColor: '#0b6e4f' } })
  const titles = { en: 'Introduction to Programming', ar: 'أساسيات البرمجة', so: 'Hordhaca Barnaamijyada' } as const
  const courses = []
  for (const [language, title] of Object.entries(titles) as [keyof typeof titles, string][]) {
    const course = await createCourse(payload, school.tenant.id, { language, title, instructors: [school.instructor.id] })
    if (language !== 'en') {
      await payload.update({ collection: COURSES, id: course.id, locale: language, data: { title }, overrideAccess: true })
    }
    courses.push(course.id)
  }
  const superAdmin = await createSuperAdmin(payload, 'bench-certificates')
  return { tenant: school.tenant.id, courses, superAdmin: { email: superAdmin.email, password: superAdmin.password } }
}

const NAMES = ['Amina Yusuf', 'Cabdi Faarax', 'فاطمة علي', 'Hodan Maxamed', 'Yusuf Ahmed', 'خديجة حسن']

/**
 * Students who complete a course: each enrollment is created active and then completed
 * as progress would complete it, which queues its certificate job (the enrollment hook).
 */
const completeEnrollments = async (setup: Awaited<ReturnType<typeof setUp>>, count: number, label: string): Promise<number[]> => {
  const ids: number[] = []
  for (let i = 0; i < count; i++) {
    const student = await createPerson(payload, {
      email: `${label}-${i + 1}@bench-certificates.example`,
      name: `${NAMES[i % NAMES.length]} ${i + 1}`,
      tenants: [{ tenant: setup.tenant, roles: ['student'] }],
    })
    const course = setup.courses[i % setup.courses.length]!
    const enrollment = await payload.create({ collection: ENROLLMENTS, data: { user: student.id, course, status: 'active', source: 'staff' }, overrideAccess: true })
    await payload.update({ collection: ENROLLMENTS, id: enrollment.id, data: { status: 'completed' }, overrideAccess: true, context: { enrollmentActor: 'system' } })
    ids.push(enrollment.id)
  }
  return ids
}

/** Runs the certificates queue `issuers` jobs at a time until it is empty; every job must succeed. */
const drain = async (issuers: number): Promise<number[]> => {
  const batches: number[] = []
  for (;;) {
    const started = performance.now()
    const result = await payload.jobs.run({ queue: CERTIFICATE_QUEUE, limit: issuers })
    if (result.noJobsRemaining) {
      return batches
    }
    batches.push(performance.now() - started)
    const failed = Object.entries(result.jobStatus ?? {}).filter(([, status]) => status.status !== 'success')
    if (failed.length > 0) {
      throw new Error(`certificate jobs failed: ${JSON.stringify(failed)}`)
    }
  }
}

const issuedFor = async (enrollments: number[]) => {
  const certificates = await payload.find({ collection: CERTIFICATES, where: { enrollment: { in: enrollments } }, limit: 0, pagination: false, depth: 0, overrideAccess: true })
  const fileIds = certificates.docs.map((c) => c.file as number)
  const files = await payload.find({ collection: CERTIFICATE_FILES, where: { id: { in: fileIds } }, pagination: false, depth: 0, overrideAccess: true })
  if (certificates.docs.length !== enrollments.length || files.docs.length !== enrollments.length) {
    throw new Error(`${enrollments.length} enrollments completed but ${certificates.docs.length} certificates and ${files.docs.length} PDFs issued.`)
  }
  return files.docs.reduce((sum, file) => sum + (file.filesize ?? 0), 0) / files.docs.length / 1024
}

let result: IssueResult
try {
  const setup = await setUp()
  // The first certificate also starts Chromium: timed on its own, and kept out of the runs.
  let firstCertificateMs = 0
  if (ISSUERS.length > 0) {
    const first = await completeEnrollments(setup, 1, 'first')
    const firstStarted = performance.now()
    await drain(1)
    firstCertificateMs = round(performance.now() - firstStarted)
    await issuedFor(first)
    log(`first certificate (Chromium starting) in ${firstCertificateMs} ms`)
  }

  const runs: IssueRun[] = []
  for (const issuers of ISSUERS) {
    const enrollments = await completeEnrollments(setup, PER_RUN, `run${issuers}`)
    handlerMs.length = 0
    const started = performance.now()
    const { result: batches, memory } = await watchMemory(() => drain(issuers))
    const seconds = (performance.now() - started) / 1000
    const averagePdfKiB = await issuedFor(enrollments)
    const run: IssueRun = {
      issuers,
      certificates: enrollments.length,
      seconds: Math.round(seconds * 10) / 10,
      certificatesPerMinute: round((enrollments.length / seconds) * 60),
      latencyMs: { p50: round(percentile(handlerMs, 50)), p90: round(percentile(handlerMs, 90)), p99: round(percentile(handlerMs, 99)), max: round(Math.max(...handlerMs)) },
      batchMs: { p50: round(percentile(batches, 50)), p99: round(percentile(batches, 99)) },
      memoryMiB: memory,
      averagePdfKiB: round(averagePdfKiB),
    }
    runs.push(run)
    log(`${issuers} issuer(s): ${run.certificates} certificates in ${run.seconds} s = ${run.certificatesPerMinute}/min, ` +
      `p50 ${run.latencyMs.p50} ms, p99 ${run.latencyMs.p99} ms, peak PSS ${memory.peakPss} MiB, peak RSS ${memory.peakRss} MiB (node ${memory.peakRssNode}, Chromium ${memory.peakRssChromium})`)
  }
  result = { firstCertificateMs, runs, superAdmin: setup.superAdmin }
} finally {
  await closeBrowser()
  await payload.destroy()
}
fs.writeFileSync(output, JSON.stringify(result))
process.exit(0)
