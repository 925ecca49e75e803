/**
 * One variant of the enrollment half of the events benchmark, in a process of its own: a
 * production Payload on DATABASE_URI (Local API, no HTTP) that enrolls students when run.ts
 * asks, over IPC, and answers each enrollment's time. Its first argument is the variant:
 *
 * - `with-outbox`: the config as shipped;
 * - `without-outbox`: every collection's afterChange hooks that write outbox rows
 *   (`emitsEvents`) taken out after the config is built and before Payload starts.
 *
 * Each enrollment is the `POST /api/courses/:id/enroll` endpoint's own handler, given a
 * request whose user is the student as Payload's JWT strategy would load them.
 */
import type { PayloadRequest, TypedUser } from 'payload'

import config from '@payload-config'
import { performance } from 'node:perf_hooks'
import { createLocalReq, getPayload } from 'payload'

import { enroll } from '@/collections/Courses/endpoints/enroll'
import { emitsEvents } from '@/hooks/emitEvents'
import { USERS } from '@/shared/slugs'

export type Variant = 'with-outbox' | 'without-outbox'

/** run.ts → this process. */
export type Order = { kind: 'round'; pairs: { student: number; course: number }[] } | { kind: 'exit' }

/** This process → run.ts. */
export type Report =
  | { kind: 'ready'; variant: Variant; removedHooks: string[] }
  | { kind: 'round'; latenciesMs: number[]; enrollments: number[]; cpuMs: number }
  | { kind: 'failed'; message: string }

const variant = process.argv[2] as Variant
if (variant !== 'with-outbox' && variant !== 'without-outbox') {
  throw new Error('usage: enroll.ts with-outbox|without-outbox')
}
const send = (report: Report) => process.send!(report)

const resolved = await config
const removedHooks: string[] = []
if (variant === 'without-outbox') {
  for (const collection of resolved.collections) {
    const hooks = collection.hooks.afterChange ?? []
    collection.hooks.afterChange = hooks.filter((hook) => !emitsEvents(hook))
    removedHooks.push(...Array(hooks.length - collection.hooks.afterChange.length).fill(collection.slug))
  }
  if (!removedHooks.includes('enrollments')) {
    throw new Error("No outbox hook found on enrollments: emitsEvents no longer marks the hooks it should.")
  }
}
const payload = await getPayload({ config })
const authDepth = payload.collections[USERS].config.auth.depth

/** The student as the JWT strategy hands them to the endpoint (`collection`, `_strategy`). */
const requester = async (student: number): Promise<TypedUser> => {
  const user = await payload.findByID({ collection: USERS, id: student, depth: authDepth, overrideAccess: true })
  return { ...user, collection: USERS, _strategy: 'local-jwt' } as TypedUser
}

/**
 * One enrollment after another, as one requester after another would: the user is loaded
 * and the request built before the clock starts, since both are the same with or without
 * the outbox; the clock covers the endpoint's handler (course read with the student's access,
 * selfEnroll, the create with its hooks and transaction).
 */
const round = async (pairs: { student: number; course: number }[]) => {
  const latenciesMs: number[] = []
  const enrollments: number[] = []
  let cpuMs = 0
  for (const { student, course } of pairs) {
    const req: PayloadRequest = await createLocalReq({ user: await requester(student) }, payload)
    req.routeParams = { id: String(course) }
    // This process's CPU time (user and system) over the same span as the clock: the Node side
    // of an enrollment, whatever else the machine runs.
    const cpu = process.cpuUsage()
    const clock = performance.now()
    const response = await enroll.handler(req)
    latenciesMs.push(performance.now() - clock)
    const used = process.cpuUsage(cpu)
    cpuMs += (used.user + used.system) / 1000
    const body = (await response.json()) as { doc?: { id: number; status: string } }
    if (response.status !== 201 || body.doc?.status !== 'active') {
      throw new Error(`student ${student}, course ${course}: ${response.status} ${JSON.stringify(body).slice(0, 300)}`)
    }
    enrollments.push(body.doc.id)
  }
  return { latenciesMs, enrollments, cpuMs }
}

process.on('message', (order: Order) => {
  if (order.kind === 'exit') {
    void payload.destroy().finally(() => process.exit(0))
    return
  }
  round(order.pairs).then(
    (result) => send({ kind: 'round', ...result }),
    (error: unknown) => send({ kind: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error) }),
  )
})
send({ kind: 'ready', variant, removedHooks })
