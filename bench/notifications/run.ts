/**
 * `npm run bench:notifications`: one event told to a course's 10,000 students. The production
 * server and its jobs worker (two processes, as deployed, talking through Redis) on a fresh
 * embedded PostgreSQL; 1,000 of the students hold a WebSocket to /api/notifications/live. An
 * outbox row (`quiz.published`) is written and the clock starts: the worker's dispatcher writes
 * the in-app rows and queues the mails, the server pushes to the open sockets. Measured: time
 * to the last in-app row and to the last push (target: under 10 s), mails queued, and the
 * server's memory with the sockets open. Ceilings in the same run: the same rows written by one
 * plain INSERT … SELECT, and the same message pushed by a plain `ws` server to as many sockets.
 *
 * Needs Redis on REDIS_URL (default redis://127.0.0.1:6379). Knobs: BENCH_STUDENTS (10000),
 * BENCH_SOCKETS (1000). Prints Markdown and writes bench/notifications/last-run.json.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import pg from 'pg'
import WebSocket, { WebSocketServer } from 'ws'

import { buildIfStale } from '@/server/buildIfStale'
import { runMigrations } from '@/server/runPayloadCli'
import { startEmbeddedPostgres } from '@/services/database/embeddedPostgres'

import { analyze, seedCourses, seedSchools } from '../catalog/seed'
import { seedBuyers } from '../payments/seed'
import { intFromEnv, loadAverage, writeRunRecord } from '../shared/runInfo'
import { startApp } from '../shared/server'
import { insert, nextId } from '../shared/sql'

const DATA_DIR = path.resolve('.data/bench-notifications')
const APP_PORT = 3167
const PG_PORT = 54441
const STUDENTS = intFromEnv(process.env.BENCH_STUDENTS, 10_000)
const SOCKETS = Math.min(STUDENTS, intFromEnv(process.env.BENCH_SOCKETS, 1_000))
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const TARGET_SECONDS = 10
const DEADLINE_MS = 120_000

const log = (line: string) => console.log(`[bench] ${line}`)
const seconds = (ms: number) => Math.round(ms / 10) / 100

process.env.PAYLOAD_SECRET ??= 'bench-notifications-secret-not-for-production-use'
Object.assign(process.env, { AQOON_DATA_DIR: DATA_DIR, LOG_LEVEL: 'warn' })

type Socket = { ws: WebSocket; heardAt?: number }

/** Opens `tokens.length` sockets to the server, `parallel` at a time, each once it has said hello. */
const openSockets = async (baseUrl: string, school: string, tokens: string[], parallel = 50): Promise<Socket[]> => {
  const sockets: Socket[] = []
  for (let at = 0; at < tokens.length; at += parallel) {
    const batch = await Promise.all(
      tokens.slice(at, at + parallel).map(
        (token) =>
          new Promise<Socket>((resolve, reject) => {
            const ws = new WebSocket(`${baseUrl.replace('http', 'ws')}/api/notifications/live?school=${school}`, { headers: { authorization: `JWT ${token}` } })
            const socket: Socket = { ws }
            ws.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)))
            ws.once('error', reject)
            ws.on('message', (data) => {
              const message = JSON.parse(String(data)) as { type: string }
              if (message.type === 'hello') {
                resolve(socket)
              } else if (message.type === 'notification' && socket.heardAt === undefined) {
                socket.heardAt = performance.now()
              }
            })
          }),
      ),
    )
    sockets.push(...batch)
  }
  return sockets
}

/** The ceiling for the pushes: a plain `ws` server sending one message to as many open sockets. */
const plainPushCeiling = async (count: number): Promise<{ ms: number }> => {
  const server = http.createServer()
  const wss = new WebSocketServer({ server })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`
  const clients: { ws: WebSocket; heard: Promise<number> }[] = []
  for (let i = 0; i < count; i++) {
    const ws = new WebSocket(url)
    await new Promise((resolve) => ws.once('open', resolve))
    clients.push({ ws, heard: new Promise((resolve) => ws.once('message', () => resolve(performance.now()))) })
  }
  const start = performance.now()
  const message = JSON.stringify({ type: 'notification', notification: { id: 1, title: 'New quiz: Fractions', body: 'A new quiz is open.' }, unread: 1 })
  wss.clients.forEach((client) => client.send(message))
  const last = Math.max(...(await Promise.all(clients.map((c) => c.heard))))
  clients.forEach((c) => c.ws.terminate())
  wss.close()
  server.close()
  return { ms: Math.round(last - start) }
}

const started = Date.now()
const loadAtStart = loadAverage()
buildIfStale(log)
const database = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PG_PORT, database: 'aqoon', fresh: true })
let result: Record<string, unknown> = {}
const verdicts: string[] = []
try {
  await runMigrations(database.uri)
  const db = new pg.Client({ connectionString: database.uri })
  await db.connect()
  try {
    const catalog = await seedSchools(db)
    await seedCourses(db, catalog, 0, 2)
    const school = catalog.tenantIds[0]!
    const { rows: schoolRows } = await db.query<{ slug: string; course: number }>(
      `select t.slug, (select c.id from courses c where c.tenant_id = t.id and c._status = 'published' order by c.id limit 1) as course from tenants t where t.id = $1`,
      [school],
    )
    const { slug, course } = schoolRows[0]!
    // Mail for course updates goes at once in this school, so every student's mail is queued with its job.
    await db.query(`update tenants set notification_defaults_course_updates = 'immediate' where id = $1`, [school])
    const students = await seedBuyers(db, school, STUDENTS, 'learner', process.env.PAYLOAD_SECRET)
    const now = new Date().toISOString()
    let enrollment = await nextId(db, 'enrollments')
    await insert(
      db,
      'enrollments',
      [['id', 'int4'], ['tenant_id', 'int4'], ['title', 'text'], ['user_id', 'int4'], ['course_id', 'int4'], ['status', 'enum_enrollments_status'], ['source', 'enum_enrollments_source'], ['progress', 'numeric'], ['activated_at', 'timestamptz'], ['updated_at', 'timestamptz'], ['created_at', 'timestamptz']],
      students.map((s) => [enrollment++, school, `Learner ${s.id}`, s.id, course, 'active', 'staff', 0, now, now, now]),
    )
    await db.query(`select setval(pg_get_serial_sequence('enrollments', 'id'), (select max(id) from enrollments))`)
    const { rows: quizRows } = await db.query<{ id: number }>(
      `insert into quizzes (tenant_id, course_id, _status, question_count, total_points, max_attempts, pass_percent, updated_at, created_at) values ($1, $2, 'published', 1, 1, 1, 50, now(), now()) returning id`,
      [school, course],
    )
    const quiz = quizRows[0]!.id
    await db.query(`insert into quizzes_locales (title, _locale, _parent_id) values ('Fractions check', 'en', $1)`, [quiz])
    await analyze(db)
    log(`seeded ${STUDENTS.toLocaleString('en')} students of school ${slug}, enrolled in course ${course}, signed in; quiz ${quiz}`)

    const app = await startApp({
      port: APP_PORT,
      databaseUri: database.uri,
      dataDir: DATA_DIR,
      // The deployed shape: the web server and its jobs worker, the worker dispatching events every 100 ms.
      env: { REDIS_URL, JOBS_WORKER: 'true', EVENTS_INTERVAL_MS: '100', JOBS_INTERVAL_SECONDS: '3600', SMTP_HOST: '' },
      log,
    })
    try {
      await new Promise((resolve) => setTimeout(resolve, 2_000))
      const idle = app.memory()
      const opening = performance.now()
      const sockets = await openSockets(app.baseUrl, slug, students.slice(0, SOCKETS).map((s) => s.token))
      const openSeconds = seconds(performance.now() - opening)
      await new Promise((resolve) => setTimeout(resolve, 2_000))
      const withSockets = app.memory()
      log(`${sockets.length} sockets open in ${openSeconds} s; server RSS ${idle.rssMiB} MiB idle, ${withSockets.rssMiB} MiB with them`)

      // The event, as the quiz's publication writes it in the outbox; the clock starts at its commit.
      const payload = { quiz, course, title: 'Fractions check', questionCount: 1, totalPoints: 1, opensAt: null, closesAt: null }
      const cpuBefore = app.cpuMs()
      const t0 = performance.now()
      const { rows: eventRows } = await db.query<{ id: number }>(
        `insert into domain_events (tenant_id, type, version, subject_collection, subject_id, actor_label, payload, occurred_at) values ($1, 'quiz.published', 1, 'quizzes', $2, 'bench', $3, now()) returning id`,
        [school, String(quiz), JSON.stringify(payload)],
      )
      const event = eventRows[0]!.id
      let rowsMs: number | undefined
      for (;;) {
        const { rows } = await db.query<{ n: number }>('select count(*)::int as n from notifications where event = $1', [event])
        if (rows[0]!.n >= STUDENTS) {
          rowsMs = performance.now() - t0
          break
        }
        if (performance.now() - t0 > DEADLINE_MS) {
          throw new Error(`only ${rows[0]!.n} in-app rows after ${DEADLINE_MS / 1000} s`)
        }
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      while (sockets.some((s) => s.heardAt === undefined) && performance.now() - t0 < DEADLINE_MS) {
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      const heard = sockets.filter((s) => s.heardAt !== undefined)
      const pushMs = heard.length ? Math.max(...heard.map((s) => s.heardAt!)) - t0 : Number.NaN
      const firstPushMs = heard.length ? Math.min(...heard.map((s) => s.heardAt!)) - t0 : Number.NaN
      const serverCpuMs = app.cpuMs() - cpuBefore
      const { rows: mail } = await db.query<{ queued: number; jobs: number }>(
        `select (select count(*)::int from notification_emails where event = $1 and state = 'queued') as queued,
                (select count(*)::int from payload_jobs j join notification_emails e on e.id = (j.input->>'email')::int where e.event = $1 and j.task_slug = 'sendNotification') as jobs`,
        [event],
      )
      const { rows: twice } = await db.query<{ n: number }>('select count(*)::int as n from (select person_id from notifications where event = $1 group by person_id having count(*) > 1) d', [event])
      sockets.forEach((s) => s.ws.terminate())

      // Ceilings: the same rows by one plain statement (rolled back), the same push by a plain ws server.
      await db.query('begin')
      const plainStart = performance.now()
      await db.query(
        `insert into notifications (tenant_id, person_id, kind, category, critical, title, body, link, locale, event, updated_at, created_at)
         select e.tenant_id, e.user_id, 'quiz-published', 'course-updates', false, 'New quiz: Fractions check', 'A new quiz is open.', '/learn', 'en', -1, now(), now() from enrollments e where e.course_id = $1 and e.status = 'active'`,
        [course],
      )
      const plainInsertMs = performance.now() - plainStart
      await db.query('rollback')
      const ceiling = await plainPushCeiling(SOCKETS)

      result = {
        students: STUDENTS,
        sockets: SOCKETS,
        inAppRowsSeconds: seconds(rowsMs),
        firstPushSeconds: seconds(firstPushMs),
        lastPushSeconds: seconds(pushMs),
        socketsHeard: heard.length,
        mailsQueued: mail[0]!.queued,
        mailJobsQueued: mail[0]!.jobs,
        peopleToldTwice: twice[0]!.n,
        serverCpuMsDuringFanOut: serverCpuMs,
        serverRssMiB: { idle: idle.rssMiB, withSockets: withSockets.rssMiB, perSocketKiB: Math.round(((withSockets.rssMiB - idle.rssMiB) * 1024) / SOCKETS) },
        socketsOpenSeconds: openSeconds,
        ceiling: { plainInsertSeconds: seconds(plainInsertMs), plainWsPushSeconds: seconds(ceiling.ms) },
      }
      const met = (ok: boolean) => (ok ? 'MET' : 'NOT MET')
      verdicts.push(`last in-app row ${seconds(rowsMs)} s after the event's commit (target < ${TARGET_SECONDS} s): ${met(rowsMs < TARGET_SECONDS * 1000)}`)
      verdicts.push(`last of ${SOCKETS} pushes ${seconds(pushMs)} s after it, ${heard.length} of ${SOCKETS} sockets heard (target < ${TARGET_SECONDS} s, all): ${met(pushMs < TARGET_SECONDS * 1000 && heard.length === SOCKETS)}`)
      verdicts.push(`mails queued ${mail[0]!.queued} with ${mail[0]!.jobs} jobs for ${STUDENTS} students; people told twice: ${twice[0]!.n}`)
    } finally {
      await app.stop()
    }
  } finally {
    await db.end()
  }
} finally {
  await database.stop()
}

const r = result as { inAppRowsSeconds: number; firstPushSeconds: number; lastPushSeconds: number; socketsHeard: number; mailsQueued: number; serverCpuMsDuringFanOut: number; serverRssMiB: { idle: number; withSockets: number; perSocketKiB: number }; ceiling: { plainInsertSeconds: number; plainWsPushSeconds: number } }
console.log(
  [
    '',
    `| students | sockets | last in-app row s | first / last push s | sockets heard | mails queued | server CPU ms (web process) | server RSS MiB idle / with sockets (KiB per socket) | ceiling: plain INSERT s | ceiling: plain ws push s |`,
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${STUDENTS} | ${SOCKETS} | ${r.inAppRowsSeconds} | ${r.firstPushSeconds} / ${r.lastPushSeconds} | ${r.socketsHeard} | ${r.mailsQueued} | ${r.serverCpuMsDuringFanOut} | ${r.serverRssMiB.idle} / ${r.serverRssMiB.withSockets} (${r.serverRssMiB.perSocketKiB}) | ${r.ceiling.plainInsertSeconds} | ${r.ceiling.plainWsPushSeconds} |`,
    '',
    ...verdicts.map((v) => `- ${v}`),
    '',
  ].join('\n'),
)
const output = writeRunRecord('bench/notifications/last-run.json', { loadAverageAtStart: loadAtStart, result, verdicts }, started)
log(`written ${path.relative(process.cwd(), output)} in ${Math.round((Date.now() - started) / 1000)} s`)
process.exit(0)
