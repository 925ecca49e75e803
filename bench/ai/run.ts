/**
 * `npm run bench:ai`: what our side of an AI tutor turn costs (the checks, the lesson search in
 * PostgreSQL, the history, the rate limits, the reservation and its settlement, storing the
 * messages, the server-sent events) with Gemini's stand-in answering at once, at 20 students
 * asking together, beside the ceiling: the same Gemini calls (count, then stream) made straight
 * through Google's SDK against the same stand-in. The production server, on the embedded
 * PostgreSQL, on its own port and folder. Prints a Markdown table and writes bench/ai/last-run.json.
 *
 * Knobs: BENCH_STUDENTS (asking together, 20), BENCH_TURNS (questions each, 25), BENCH_WARMUP
 * (turns before measuring, 40), BENCH_LESSONS (lessons in the course, 60), BENCH_THINK_MS (how
 * long each student reads an answer before asking again, on average, 0: at once, the closed loop).
 */
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'

import { buildIfStale } from '@/server/buildIfStale'
import { runMigrations } from '@/server/runPayloadCli'
import { startEmbeddedPostgres } from '@/services/database/embeddedPostgres'
import { createGeminiClient } from '@/services/gemini'

import { startGeminiStandIn } from '../../tests/stand-ins/gemini'
import { seedBuyers } from '../payments/seed'
import { intFromEnv, loadAverage, writeRunRecord } from '../shared/runInfo'
import { startApp } from '../shared/server'
import { dumpProfile, profileOf, summarizeProfile } from '../payments/profile'
import { lessonText, question, seedOperator } from './seed'

const DATA_DIR = path.resolve('.data/bench-ai')
// Apart from the app's defaults, the tests' ports and the other benchmarks'.
const APP_PORT = 3157
const PG_PORT = 54431
const STUDENTS = intFromEnv(process.env.BENCH_STUDENTS, 20)
const TURNS = intFromEnv(process.env.BENCH_TURNS, 25)
const WARMUP = intFromEnv(process.env.BENCH_WARMUP, 40)
const LESSONS = intFromEnv(process.env.BENCH_LESSONS, 60)
const THINK_MS = intFromEnv(process.env.BENCH_THINK_MS, 0)
const TARGET_OVERHEAD_P99_MS = 50
const TURN_DEADLINE_MS = 30_000
// BENCH_PROFILE=1: the server's CPU profile of the measured turns, summed by place and function.
const PROFILE_DIR = process.env.BENCH_PROFILE === '1' ? path.join(DATA_DIR, 'profiles') : undefined
const NAMED = /^(prepareTurn|runTurn|admitCall|runAdmitted|retrievePassages|searchLessons|searchSummaries|openWork|limitsOf|hitRequestLimits|reserve|settle|storeMessage|readableOr404|enrollmentOf|findOperation|findByIDOperation|createOperation|countOperation|afterRead|beforeChange|afterChange|traverseFields|executeAccess|initTransaction|commitTransaction|createLocalReq|countTokens|stream)$/

const log = (line: string) => console.log(`[bench] ${line}`)

type Rate = { count: number; perSecond: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number }

const rateOf = (latencies: number[], seconds: number): Rate => {
  const sorted = [...latencies].sort((a, b) => a - b)
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10
  return { count: sorted.length, perSecond: Math.round((sorted.length / seconds) * 10) / 10, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), maxMs: at(1) }
}

/** A repeatable stream of numbers in [0, 1) (mulberry32): every run's students read at the same paces. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/**
 * `work(i)` for i in [0, count), `concurrency` at a time; each one's duration in ms. With
 * `pauseMs`, each worker is a student of their own: they start within the first `pauseMs` and
 * read each answer for half to one and a half times `pauseMs` before asking again, so they do not
 * ask in step (as independent students do not).
 */
const timed = async (count: number, concurrency: number, work: (i: number) => Promise<void>, pauseMs = 0): Promise<{ latencies: number[]; seconds: number }> => {
  const latencies: number[] = []
  let next = 0
  const random = seeded(20261205)
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      if (pauseMs > 0) {
        await pause(random() * pauseMs)
      }
      while (next < count) {
        const i = next++
        const t0 = performance.now()
        await work(i)
        latencies.push(performance.now() - t0)
        if (pauseMs > 0 && next < count) {
          // The student reads the answer before asking again (not counted in the turn).
          await pause(pauseMs * (0.5 + random()))
        }
      }
    }),
  )
  return { latencies, seconds: (performance.now() - started) / 1000 }
}

const post = async (baseUrl: string, token: string, route: string, body: unknown): Promise<{ doc: { id: number } }> => {
  const response = await fetch(`${baseUrl}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `JWT ${token}` }, body: JSON.stringify(body) })
  const text = await response.text()
  if (response.status !== 201) {
    throw new Error(`${route}: ${response.status} ${text}`)
  }
  return JSON.parse(text) as { doc: { id: number } }
}

const paragraph = (text: string) => ({
  root: { type: 'root', format: '', indent: 0, version: 1, direction: 'ltr', children: [{ type: 'paragraph', format: '', indent: 0, version: 1, direction: 'ltr', textFormat: 0, children: [{ type: 'text', text, format: 0, style: '', mode: 'normal', detail: 0, version: 1 }] }] },
})

process.env.PAYLOAD_SECRET ??= 'bench-ai-secret-not-for-production-use'
Object.assign(process.env, { AQOON_DATA_DIR: DATA_DIR, LOG_LEVEL: 'warn' })

const startedAt = Date.now()
const loadAtStart = loadAverage()
buildIfStale(log)
const database = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PG_PORT, database: 'aqoon', fresh: true })
// Answers at once: a short answer citing a passage, streamed in a few chunks, with usage in the last.
const gemini = await startGeminiStandIn({ thoughtsTokens: 12, responder: () => 'Start from what the lesson says [1]: find the common denominator first, then add the numerators. What do you get?' })
let record: Record<string, unknown> = {}
try {
  await runMigrations(database.uri)
  const db = new pg.Client({ connectionString: database.uri })
  await db.connect()
  try {
    const operator = await seedOperator(db, process.env.PAYLOAD_SECRET)
    if (PROFILE_DIR) {
      fs.rmSync(PROFILE_DIR, { recursive: true, force: true })
      fs.mkdirSync(PROFILE_DIR, { recursive: true })
    }
    const app = await startApp({
      port: APP_PORT,
      databaseUri: database.uri,
      dataDir: DATA_DIR,
      env: {
        GEMINI_API_KEY: gemini.apiKey,
        GEMINI_API_BASE: gemini.baseUrl,
        ...(PROFILE_DIR ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? '--max-old-space-size=384'} --import tsx --import ${path.resolve('bench/payments/cpuProfiler.ts')}`, BENCH_CPU_PROFILE_DIR: PROFILE_DIR } : {}),
      },
      log,
    })
    try {
      const school = (await post(app.baseUrl, operator, '/api/tenants', { name: 'Bench AI School', slug: 'bench-ai', defaultLocale: 'en', timezone: 'UTC', registration: 'closed', status: 'active' })).doc.id
      await post(app.baseUrl, operator, '/api/ai-settings', { tenant: school, monthlyTokenCeiling: 1_000_000_000, monthlyTokens: 1_000_000_000, personDailyTokens: 100_000_000, personRequestsPerMinute: 1000, schoolRequestsPerMinute: 100_000 })
      const lessons = Array.from({ length: LESSONS }, (_, i) => ({ title: `Lesson ${i + 1}`, type: 'text', required: true, body: paragraph(lessonText(i)) }))
      const course = (
        await post(app.baseUrl, operator, '/api/courses', {
          tenant: school,
          title: 'Fractions and ratios',
          slug: 'fractions-and-ratios',
          language: 'en',
          enrollmentPolicy: 'open',
          tutorEnabled: true,
          sections: [0, 1, 2].map((s) => ({ title: `Part ${s + 1}`, lessons: lessons.slice((s * LESSONS) / 3, ((s + 1) * LESSONS) / 3) })),
          _status: 'published',
        })
      ).doc.id
      const students = await seedBuyers(db, school, STUDENTS + 1, 'student', process.env.PAYLOAD_SECRET)
      for (const student of students) {
        await post(app.baseUrl, operator, '/api/enrollments', { tenant: school, user: student.id, course, status: 'active', source: 'staff' })
      }
      await db.query('vacuum analyze')
      log(`school ${school}, course ${course} with ${LESSONS} lessons, ${students.length} students enrolled`)

      const failures: string[] = []
      const phases: Record<string, number>[] = []
      let measuring = false
      const turn = async (studentIndex: number, n: number) => {
        const student = students[studentIndex]!
        const response = await fetch(`${app.baseUrl}/api/courses/${course}/tutor`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `JWT ${student.token}` },
          body: JSON.stringify({ message: question(studentIndex, n) }),
          signal: AbortSignal.timeout(TURN_DEADLINE_MS),
        })
        const text = await response.text()
        if (response.status !== 200 || !text.includes('event: done')) {
          failures.push(`${response.status} ${text.slice(-200)}`)
        } else if (measuring) {
          const done = /event: done\ndata: (.*)/.exec(text)?.[1]
          phases.push((JSON.parse(done ?? '{}') as { timings?: Record<string, number> }).timings ?? {})
        }
      }
      // Warm-up, by the student who is not measured: routes compiled, caches and plans made.
      await timed(WARMUP, 4, (i) => turn(STUDENTS, i))
      const before = gemini.requests().length
      measuring = true
      const cpuBefore = app.cpuMs()
      const measured = await timed(STUDENTS * TURNS, STUDENTS, (i) => turn(i % STUDENTS, Math.floor(i / STUDENTS)), THINK_MS)
      // The server's own CPU per measured turn (all of it: HTTP, Payload, ours), steadier than a tail between runs.
      const serverCpuMsPerTurn = Math.round(((app.cpuMs() - cpuBefore) / (STUDENTS * TURNS)) * 100) / 100
      const appRate = rateOf(measured.latencies, measured.seconds)
      log(`app: ${appRate.perSecond} turns/s, p50 ${appRate.p50Ms} ms, p99 ${appRate.p99Ms} ms, server CPU ${serverCpuMsPerTurn} ms a turn, ${failures.length} failed`)
      measuring = false
      const geminiCalls = gemini.requests().length - before
      // The server's own account of each turn (the `done` event's timings): Gemini's part, and ours.
      const GEMINI_PHASES = new Set(['count-tokens', 'gemini'])
      const phaseNames = [...new Set(phases.flatMap((p) => Object.keys(p)))]
      const ours = phases.map((p) => Object.entries(p).reduce((sum, [name, value]) => sum + (GEMINI_PHASES.has(name) ? 0 : value), 0))
      const oursRate = rateOf(ours, measured.seconds)
      const phaseRows = phaseNames.map((name) => {
        const values = phases.map((p) => p[name] ?? 0)
        const r = rateOf(values, measured.seconds)
        return `| ${name}${GEMINI_PHASES.has(name) ? ' (Gemini)' : ''} | ${Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10} | ${r.p50Ms} | ${r.p99Ms} |`
      })
      if (PROFILE_DIR) {
        await dumpProfile(PROFILE_DIR, app.pid)
        const file = profileOf(PROFILE_DIR, app.pid)
        if (file) {
          const summary = summarizeProfile(file, 0, Number.MAX_SAFE_INTEGER, NAMED)
          log(`profile (${summary.sampledMs} ms sampled):`)
          for (const p of summary.byPlace.slice(0, 12)) {log(`  place ${p.place}: ${p.ms} ms (${p.percent}%)`)}
          for (const f of summary.byFunction.slice(0, 25)) {log(`  fn ${f.fn}: ${f.ms} ms (${f.percent}%)`)}
          for (const f of summary.inclusive) {log(`  inclusive ${f.fn}: ${f.ms} ms (${f.percent}%)`)}
        }
      }

      // The ceiling: the calls a turn makes to Gemini, straight through the SDK, as many at once.
      const client = createGeminiClient({ apiKey: gemini.apiKey, baseUrl: gemini.baseUrl, model: 'gemini-2.5-flash', timeoutMs: 30_000 })
      const ceilingRequest = (i: number) => ({ system: `You are the tutor. [1] ${lessonText(i % LESSONS).slice(0, 1500)}`, messages: [{ role: 'user' as const, text: question(i, i) }], maxOutputTokens: 1024 })
      await timed(WARMUP, 4, async (i) => {
        await client.countTokens(ceilingRequest(i))
        await client.stream(ceilingRequest(i), () => undefined)
      })
      const ceiling = await timed(STUDENTS * TURNS, STUDENTS, async (i) => {
        await client.countTokens(ceilingRequest(i))
        await client.stream(ceilingRequest(i), () => undefined)
      })
      const ceilingRate = rateOf(ceiling.latencies, ceiling.seconds)
      log(`ceiling: ${ceilingRate.perSecond} turns/s, p50 ${ceilingRate.p50Ms} ms, p99 ${ceilingRate.p99Ms} ms`)

      // Every measured and warm-up turn settled once in the ledger, and the counters agree with it.
      const ledger = (await db.query<{ status: string; n: number; tokens: string }>(`select status, count(*)::int as n, coalesce(sum(total_tokens), 0)::text as tokens from ai_usage group by status`)).rows
      const counter = (await db.query<{ spent: string }>(`select spent::text from ai_budget_counters where scope = 'school'`)).rows[0]?.spent ?? '0'
      const settled = ledger.find((r) => r.status === 'settled')
      const checks = [
        { name: 'turns answered in full', expected: STUDENTS * TURNS + WARMUP, actual: STUDENTS * TURNS + WARMUP - failures.length },
        { name: 'ledger rows settled', expected: STUDENTS * TURNS + WARMUP, actual: settled?.n ?? 0 },
        { name: "school counter = ledger's tokens", expected: Number(settled?.tokens ?? 0), actual: Number(counter) },
        { name: 'Gemini calls per measured turn (count + stream)', expected: 2, actual: Math.round((geminiCalls / (STUDENTS * TURNS)) * 100) / 100 },
      ]
      const overhead = oursRate.p99Ms
      const overheadP50 = oursRate.p50Ms
      const lines = [
        `| what | turns | turns/s | p50 / p95 / p99 / max ms |`,
        '| --- | ---: | ---: | ---: |',
        `| app: \`POST /api/courses/:id/tutor\` (SSE, to the last event) | ${appRate.count} | ${appRate.perSecond} | ${appRate.p50Ms} / ${appRate.p95Ms} / ${appRate.p99Ms} / ${appRate.maxMs} |`,
        `| ceiling: the same Gemini calls (countTokens, streamGenerateContent) through the SDK alone | ${ceilingRate.count} | ${ceilingRate.perSecond} | ${ceilingRate.p50Ms} / ${ceilingRate.p95Ms} / ${ceilingRate.p99Ms} / ${ceilingRate.maxMs} |`,
        '',
        `The server's CPU per measured turn: ${serverCpuMsPerTurn} ms.`,
        '',
        '| phase of a turn, as the server timed it | mean ms | p50 ms | p99 ms |',
        '| --- | ---: | ---: | ---: |',
        ...phaseRows,
        `| **our side (all but Gemini's phases)** | ${Math.round((ours.reduce((a, b) => a + b, 0) / Math.max(1, ours.length)) * 10) / 10} | ${oursRate.p50Ms} | ${oursRate.p99Ms} |`,
        '',
        '| check after the run | expected | actual | |',
        '| --- | ---: | ---: | --- |',
        ...checks.map((c) => `| ${c.name} | ${c.expected} | ${c.actual} | ${c.expected === c.actual ? 'ok' : 'FAILED'} |`),
        '',
        `our side of a turn: p50 ${overheadP50} ms, p99 ${overhead} ms ${overhead < TARGET_OVERHEAD_P99_MS ? 'MET' : 'NOT MET'} (target p99 < ${TARGET_OVERHEAD_P99_MS} ms at ${STUDENTS} concurrent students, each asking again ${THINK_MS ? `${THINK_MS} ms after an answer` : 'at once'}); ` +
          `${failures.length} failed${failures.length ? `: ${[...new Set(failures)].slice(0, 3).join('; ')}` : ''}`,
      ]
      console.log(`\n${lines.join('\n')}\n`)
      record = { students: STUDENTS, thinkMs: THINK_MS, turns: TURNS, warmup: WARMUP, lessons: LESSONS, app: appRate, ceiling: ceilingRate, phases: Object.fromEntries(phaseNames.map((name) => [name, rateOf(phases.map((p) => p[name] ?? 0), measured.seconds)])), ours: oursRate, overheadP99Ms: overhead, overheadP50Ms: overheadP50, serverCpuMsPerTurn, checks, failures: failures.length, loadAtStart, loadAtEnd: loadAverage(), memory: app.memory() }
    } finally {
      await app.stop()
    }
  } finally {
    await db.end()
  }
} finally {
  await gemini.close()
  await database.stop()
}
log(`wrote ${writeRunRecord('bench/ai/last-run.json', record, startedAt)}`)
