import type { PayloadRequest } from 'payload'

import type { PostgresAdapter } from '@payloadcms/db-postgres'

import type { SqlHandle } from './adapter'

import { sql } from '@payloadcms/db-postgres'
import { randomUUID } from 'node:crypto'
import { createLocalReq, killTransaction } from 'payload'

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

type SQL = ReturnType<typeof sql>

/**
 * Named parts of a `with` clause (`name as (insert ...)`), each a data-modifying statement,
 * written with other such parts in one statement: PostgreSQL runs each of them once, read or
 * not, all on the statement's one snapshot (so no part sees another's rows).
 */
export type WithParts = SQL[]

/** Writes `parts` with one statement. */
export const writeParts = async (db: SqlHandle, parts: WithParts): Promise<void> => {
  if (parts.length > 0) {
    await db.execute(sql`with ${sql.join(parts, sql`, `)} select 1`)
  }
}

type Buffer = { rows: unknown[]; partsOf: (rows: unknown[]) => WithParts }

type CommitWork = { buffers: Map<string, Buffer>; last: (() => Promise<void>)[]; after: (() => Promise<void>)[]; locks: Set<string> }

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

/** Runs the queued work, buffered writes first (all of them in one statement), until nothing is left. */
const runQueued = async (req: PayloadRequest, queued: CommitWork): Promise<void> => {
  for (;;) {
    if (queued.buffers.size > 0) {
      const parts = [...queued.buffers.values()].flatMap((buffer) => buffer.partsOf(buffer.rows))
      queued.buffers.clear()
      await writeParts(await sqlHandle(req), parts)
      continue
    }
    const next = queued.last.shift()
    if (!next) {
      return
    }
    await next()
  }
}

type Session = PostgresAdapter['sessions'][string]

/** What a transaction let go without committing ends with. */
const ROLLED_BACK = new Error('The transaction was rolled back.')

/** What a transaction ends with when one of its statements failed and the error was not let through. */
export class StatementFailedInside extends Error {
  constructor(cause: unknown) {
    super('A statement failed inside the transaction and its error was not let through; nothing of the transaction was kept.', { cause })
  }
}

type Queried = { query: (...args: unknown[]) => unknown }

/**
 * Notes the first statement of a transaction's connection that fails. PostgreSQL answers the
 * COMMIT of a transaction a failed statement aborted with ROLLBACK, not an error, so work that
 * caught the error and went on would pass for committed though nothing was kept.
 */
const watchFailures = (tx: unknown): { failed: () => unknown; stop: () => void } => {
  const client = (tx as { session?: { client?: Queried } }).session?.client
  let failed: unknown
  if (!client || typeof client.query !== 'function') {
    return { failed: () => undefined, stop: () => undefined }
  }
  const own = Object.prototype.hasOwnProperty.call(client, 'query')
  const query = client.query
  client.query = function (this: unknown, ...args: unknown[]) {
    const result = query.apply(this, args)
    if (result instanceof Promise) {
      result.then(undefined, (error: unknown) => {
        failed ??= error
      })
    }
    return result
  }
  return {
    failed: () => failed,
    stop: () => {
      if (own) {
        client.query = query
      } else {
        delete (client as Partial<Queried>).query
      }
    },
  }
}

/**
 * Begins a transaction as Payload's adapter does (a session in its registry, which every Local
 * API call made with `req` finds by `req.transactionID`, and which Payload's `killTransaction`
 * rolls back), except that its `resolve` reports a failed COMMIT. Payload's swallows it (its
 * transaction's promise ends in a `catch`), so a transaction lost at its COMMIT (the connection
 * cut, the server failing over, a deferred constraint) would look committed: a webhook answered
 * as applied, and not sent again, though nothing of it was kept. So would one whose statement
 * failed while the work caught the error and went on: that is refused here too.
 */
const beginTransaction = async (req: PayloadRequest): Promise<string> => {
  const adapter = postgresAdapter(req.payload)
  await adapter.initializing
  let release: (commit: boolean) => void = () => undefined
  let ready: (db: Session['db']) => void = () => undefined
  let failed: (error: unknown) => void = () => undefined
  const begun = new Promise<Session['db']>((resolve, reject) => {
    ready = resolve
    failed = reject
  })
  const done = adapter.drizzle.transaction(
    async (tx) => {
      const watched = watchFailures(tx)
      try {
        await new Promise<void>((commit, rollback) => {
          release = (yes) => (yes ? commit() : rollback(ROLLED_BACK))
          ready(tx as unknown as Session['db'])
        })
        if (watched.failed() !== undefined) {
          // Drizzle rolls back on the throw, and the COMMIT that would have said ROLLBACK is not sent.
          throw new StatementFailedInside(watched.failed())
        }
      } finally {
        watched.stop()
      }
    },
    (adapter.transactionOptions || undefined) as never,
  )
  // Before the transaction is ready, a failure is one to begin it; after, `resolve` and `reject` answer for it.
  done.catch(failed)
  const db = await begun
  const id = randomUUID()
  adapter.sessions[id] = {
    db,
    resolve: async () => {
      release(true)
      await done
    },
    reject: async () => {
      release(false)
      await done.catch((error: unknown) => {
        if (error !== ROLLED_BACK) {
          throw error
        }
      })
    },
  }
  return id
}

/** Begins a transaction on `req` unless it has one (as Payload's `initTransaction`): whether it did. */
const beginIfNone = async (req: PayloadRequest): Promise<boolean> => {
  const { transactionID } = req
  if (transactionID instanceof Promise) {
    await transactionID
    return false
  }
  if (transactionID) {
    return false
  }
  const beginning = beginTransaction(req)
  req.transactionID = beginning
  try {
    req.transactionID = await beginning
  } catch (error) {
    delete req.transactionID
    throw error
  }
  return true
}

/** Commits the transaction `beginIfNone` began on `req`; throws when the COMMIT fails, so nothing is taken for kept that was not. */
const commitOwn = async (req: PayloadRequest): Promise<void> => {
  const id = await req.transactionID
  const adapter = postgresAdapter(req.payload)
  const session = id === undefined ? undefined : adapter.sessions[id]
  if (id !== undefined) {
    delete adapter.sessions[id]
  }
  delete req.transactionID
  if (!session) {
    throw new Error('The transaction was rolled back by a write that failed inside it; nothing of it was kept.')
  }
  await session.resolve()
}

/** Runs `work` in one transaction on `req`: all of it lands, or none of it (and then it throws, a failed COMMIT included). */
export const inTransaction = async <T>(req: PayloadRequest, work: () => Promise<T>): Promise<T> => {
  const started = await beginIfNone(req)
  if (started) {
    commitWork.set(req, { buffers: new Map(), last: [], after: [], locks: new Set() })
  }
  try {
    const result = await work()
    if (started) {
      checkStillInTransaction(req)
      const queued = commitWork.get(req)!
      await runQueued(req, queued)
      commitWork.delete(req)
      await commitOwn(req)
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
 * together, once before its COMMIT (and before `atCommit`'s work): `partsOf` gives the `with`
 * parts that write them, and every kind's parts go in one statement, every statement being a
 * round trip to PostgreSQL. Undefined outside such a transaction: the caller writes at once.
 */
export const commitBuffer = <T>(req: PayloadRequest, kind: string, partsOf: (rows: T[]) => WithParts): T[] | undefined => {
  const queued = commitWork.get(req)
  if (!queued) {
    return undefined
  }
  let buffer = queued.buffers.get(kind)
  if (!buffer) {
    buffer = { rows: [], partsOf: partsOf as (rows: unknown[]) => WithParts }
    queued.buffers.set(kind, buffer)
  }
  return buffer.rows as T[]
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
  if (toLock(req, namespace, [id]).length === 0) {
    return
  }
  const db = await sqlHandle(req)
  await db.execute(sql`select pg_advisory_xact_lock(${namespace}::int, ${id}::int)`)
}

/**
 * Of `ids`, those this transaction (begun by `inTransaction`) has not locked yet, in id order,
 * counted as locked from now on: a lock held is held until the end, and asking again would be a
 * round trip for nothing. Outside such a transaction, all of them.
 */
const toLock = (req: PayloadRequest, namespace: number, ids: readonly number[]): number[] => {
  const held = commitWork.get(req)?.locks
  const fresh = [...new Set(ids)].filter((id) => !held?.has(`${namespace}:${id}`)).sort((a, b) => a - b)
  for (const id of fresh) {
    held?.add(`${namespace}:${id}`)
  }
  return fresh
}

/**
 * `lockAllFor` as an expression, for a statement that does something else too (one round trip
 * fewer): its value is how many locks it took. Undefined when there is nothing to lock. The
 * locks count as taken from now on: the caller runs the statement, in a way that evaluates the
 * expression, before anything that needs them.
 */
export const lockingAll = (req: PayloadRequest, namespace: number, ids: readonly number[]): SQL | undefined => {
  if (!req.transactionID) {
    throw new Error('lockingAll needs a transaction: the locks would be released at once.')
  }
  const fresh = toLock(req, namespace, ids)
  // unnest gives its elements in order, and each row's lock is taken as the row is made.
  return fresh.length === 0 ? undefined : sql`(select count(*) from (select pg_advisory_xact_lock(${namespace}::int, id) from unnest(${sqlList(fresh)}::int[]) as id) as taken)`
}

/**
 * `lockFor` of several ids of one namespace with one statement, taken in id order, so two
 * transactions locking overlapping sets never each hold what the other waits for.
 */
export const lockAllFor = async (req: PayloadRequest, namespace: number, ids: readonly number[]): Promise<void> => {
  if (!req.transactionID) {
    throw new Error('lockAllFor needs a transaction: the locks would be released at once.')
  }
  const locking = lockingAll(req, namespace, ids)
  if (locking) {
    const db = await sqlHandle(req)
    await db.execute(sql`select ${locking}`)
  }
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
