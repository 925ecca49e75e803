import type { PayloadRequest } from 'payload'

import type { SqlHandle } from './adapter'

import { sql } from '@payloadcms/db-postgres'
import { commitTransaction, createLocalReq, initTransaction, killTransaction } from 'payload'

import { postgresAdapter, sqlList } from './adapter'

/** The database handle of the request's transaction, or the pool outside one. */
export const sqlHandle = async (req: PayloadRequest): Promise<SqlHandle> => {
  checkStillInTransaction(req)
  const adapter = postgresAdapter(req.payload)
  const id = req.transactionID ? await req.transactionID : undefined
  return (id !== undefined && adapter.sessions[id]?.db) || adapter.drizzle
}

/**
 * A request for reading in another locale (or all of them) inside `req`'s transaction. Payload's
 * Local API writes the locale it is given onto the request it is given, so a lookup in all
 * locales made with the caller's own request answers the rest of the caller's work in every
 * locale: an access rule doing so once sent the admin panel into a redirect loop. For reads:
 * it shares the transaction, it never commits it.
 */
export const readingIn = async (req: PayloadRequest, locale: string): Promise<PayloadRequest> => {
  const reader = await createLocalReq({ locale, context: req.context, user: req.user ?? undefined }, req.payload)
  reader.transactionID = req.transactionID
  return reader
}

/**
 * A request for the system's own work begun by an outside caller (a payment provider's webhook,
 * a buyer returning from a provider's page): nobody is signed in, so it runs as the Local API,
 * in a transaction of its own, with no person's access to judge it.
 */
export const systemRequestFor = (req: PayloadRequest): Promise<PayloadRequest> => createLocalReq({ context: { ...req.context } }, req.payload)

type CommitWork = { writes: (() => Promise<void>)[]; last: (() => Promise<void>)[]; after: (() => Promise<void>)[]; buffers: Map<string, unknown[]> }

/** Work queued by `atCommit` and `commitBuffer` in transactions begun by `inTransaction`, by request. */
const commitWork = new WeakMap<PayloadRequest, CommitWork>()

/**
 * A Payload operation that fails inside a transaction rolls all of it back (its
 * `killTransaction` does, whoever began the transaction) and leaves the request without one:
 * work that carried on would write outside any transaction, each statement on its own. So in a
 * transaction `inTransaction` began, going on after that is an error, never a quiet fallback.
 */
const checkStillInTransaction = (req: PayloadRequest): void => {
  if (commitWork.has(req) && !req.transactionID) {
    throw new Error('The transaction was rolled back by a write that failed inside it; nothing of it was kept.')
  }
}

/** Runs the queued work, buffered writes first, until nothing is left. */
const runQueued = async (queued: CommitWork): Promise<void> => {
  for (;;) {
    const next = queued.writes.shift() ?? queued.last.shift()
    if (!next) {
      return
    }
    await next()
  }
}

/** Runs `work` in one transaction on `req`: all of it lands, or none of it. */
export const inTransaction = async <T>(req: PayloadRequest, work: () => Promise<T>): Promise<T> => {
  const started = await initTransaction(req)
  if (started) {
    commitWork.set(req, { writes: [], last: [], after: [], buffers: new Map() })
  }
  try {
    const result = await work()
    if (started) {
      checkStillInTransaction(req)
      const queued = commitWork.get(req)!
      await runQueued(queued)
      commitWork.delete(req)
      await commitTransaction(req)
      await runAfterCommit(req, queued.after)
    }
    return result
  } catch (error) {
    if (started) {
      commitWork.delete(req)
      if (req.transactionID) {
        await killTransaction(req)
      }
    }
    throw error
  }
}

/** Work queued by `afterCommit`, once its transaction committed: a failure is logged, never the transaction's. */
const runAfterCommit = async (req: PayloadRequest, after: (() => Promise<void>)[]): Promise<void> => {
  for (const work of after) {
    try {
      await work()
    } catch (error) {
      req.payload.logger.error({ err: error, msg: 'work after a commit failed' })
    }
  }
}

/**
 * Runs `work` once the transaction `inTransaction` began has committed (never if it rolls
 * back): telling other processes about rows they must be able to read. Outside such a
 * transaction it runs at once.
 */
export const afterCommit = async (req: PayloadRequest, work: () => Promise<void>): Promise<void> => {
  const queued = commitWork.get(req)
  if (queued) {
    queued.after.push(work)
    return
  }
  await runAfterCommit(req, [work])
}

/**
 * Runs `work` as the last thing before the transaction's COMMIT, after everything else the
 * transaction does: for a statement that takes a lock many transactions wait for (a school's
 * invoice counter), so the lock is held for that statement and the commit, not for the rest.
 * In a transaction `inTransaction` did not begin, it runs at once: correct, only held longer.
 */
export const atCommit = async (req: PayloadRequest, work: () => Promise<void>): Promise<void> => {
  const queued = commitWork.get(req)
  if (queued) {
    queued.last.push(work)
    return
  }
  await work()
}

/**
 * Rows of one kind (audit entries, domain events) a transaction begun by `inTransaction` writes
 * together, with `flush`, once before its COMMIT (and before `atCommit`'s work): one statement
 * instead of one per row, every statement being a round trip to PostgreSQL. Undefined outside
 * such a transaction: the caller writes at once.
 */
export const commitBuffer = <T>(req: PayloadRequest, kind: string, flush: (rows: T[]) => Promise<void>): T[] | undefined => {
  const queued = commitWork.get(req)
  if (!queued) {
    return undefined
  }
  let rows = queued.buffers.get(kind) as T[] | undefined
  if (!rows) {
    const buffered: T[] = []
    rows = buffered
    queued.buffers.set(kind, buffered)
    queued.writes.push(async () => {
      queued.buffers.delete(kind)
      await flush(buffered)
    })
  }
  return rows
}

/** Namespaces of transaction-scoped advisory locks, so two kinds of lock never collide. */
export const LOCKS = { courseSeats: 4101, enrollmentProgress: 4102, submissionAttempts: 4104, certificateIssue: 4105, invitation: 4106, eventSubject: 4107, migrations: 4108, order: 4109, seatSubscription: 4110, stripeConnect: 4111, buyerCheckout: 4112, zoomHosts: 4113, zoomMeeting: 4114, attendance: 4115, recordings: 4116, quizStudent: 4117, quizAttempt: 4118, lessonSearch: 4119, recordingSummary: 4120 } as const

/**
 * Takes a transaction-scoped advisory lock: other transactions asking for the same
 * (namespace, id) wait until this one commits or rolls back. Work done while holding
 * it must use `req`, or it would need a second pool connection while others wait.
 */
export const lockFor = async (req: PayloadRequest, namespace: number, id: number): Promise<void> => {
  if (!req.transactionID) {
    throw new Error('lockFor needs a transaction: the lock would be released at once.')
  }
  const db = await sqlHandle(req)
  await db.execute(sql`select pg_advisory_xact_lock(${namespace}::int, ${id}::int)`)
}

/**
 * `lockFor` of several ids of one namespace with one statement, taken in id order, so two
 * transactions locking overlapping sets never each hold what the other waits for.
 */
export const lockAllFor = async (req: PayloadRequest, namespace: number, ids: readonly number[]): Promise<void> => {
  if (!req.transactionID) {
    throw new Error('lockAllFor needs a transaction: the locks would be released at once.')
  }
  const db = await sqlHandle(req)
  const sorted = [...ids].sort((a, b) => a - b)
  // unnest gives its elements in order, and each row's lock is taken as the row is made.
  await db.execute(sql`select pg_advisory_xact_lock(${namespace}::int, id) from unnest(${sqlList(sorted)}::int[]) as id`)
}

/** How long `afterTransaction` waits for a transaction to end before running anyway. */
const TRANSACTION_WAIT_MS = 60_000

/**
 * Runs `work` once the request's transaction has ended (committed or rolled back), or at once
 * outside one: what other processes are told to re-read must be there for them to read.
 * Payload has no hook after commit; its open transactions are the adapter's sessions, so this
 * waits for the request's session to go.
 */
export const afterTransaction = async (req: PayloadRequest, work: () => Promise<void>): Promise<void> => {
  const id = req.transactionID ? await req.transactionID : undefined
  const { sessions } = postgresAdapter(req.payload)
  const deadline = Date.now() + TRANSACTION_WAIT_MS
  while (id !== undefined && sessions[id] && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  await work()
}
