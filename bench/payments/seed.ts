import crypto from 'node:crypto'
import { jwtSign } from 'payload'
import type pg from 'pg'

import { insert, nextId, resetSequence } from '../shared/sql'

/** A student who may buy: a member of the school, with a signed-in session and its token. */
export type Buyer = { id: number; tenant: number; email: string; token: string }

/** Seconds a session lasts: the users collection's `tokenExpiration`. */
const SESSION_SECONDS = 7200

/**
 * Paid courses of a school that a member may buy now: published, not archived, a price, no
 * capacity, no enrollment dates, not ended, no prerequisites. bench:catalog seeds about 30% of its
 * courses paid, so a school has plenty.
 */
export const buyableCourses = async (db: pg.Client, tenant: number, count: number): Promise<{ id: number; amount: number }[]> => {
  const { rows } = await db.query<{ id: number; amount: string }>(
    `select c.id, c.price_amount as amount from courses c
      where c.tenant_id = $1 and c._status = 'published' and c.enrollment_policy = 'paid' and not coalesce(c.archived, false)
        and c.price_amount > 0 and c.price_currency is not null and c.capacity is null
        and c.enrollment_opens_at is null and c.enrollment_closes_at is null
        and (c.ends_at is null or c.ends_at > now() + interval '1 day')
        and not exists (select 1 from courses_rels r where r.parent_id = c.id and r.path = 'prerequisites')
      order by c.id limit $2`,
    [tenant, count],
  )
  if (rows.length < count) {
    throw new Error(`School ${tenant} has ${rows.length} buyable paid courses; ${count} wanted.`)
  }
  return rows.map((row) => ({ id: row.id, amount: Number(row.amount) }))
}

/**
 * `count` students of `tenant`, each signed in once. Written with SQL, as Payload's login leaves
 * them (a row in `users_sessions`, a token naming it), because logging in through the API costs
 * 600,000 rounds of PBKDF2 per student on the server and is rate limited per address: minutes of
 * CPU that are no part of paying. The token is signed by Payload's own `jwtSign` with the key
 * Payload derives from PAYLOAD_SECRET, so the server's JWT strategy accepts it as its own.
 */
export const seedBuyers = async (db: pg.Client, tenant: number, count: number, label: string, payloadSecret: string): Promise<Buyer[]> => {
  const now = new Date()
  const expires = new Date(now.getTime() + SESSION_SECONDS * 1000)
  // Payload's key: the first 32 hex digits of SHA-256 of the configured secret (payload/dist/index.js).
  const key = crypto.createHash('sha256').update(payloadSecret).digest('hex').slice(0, 32)
  let userId = await nextId(db, 'users')
  const users: unknown[][] = []
  const memberships: unknown[][] = []
  const roles: unknown[][] = []
  const sessions: unknown[][] = []
  const buyers: Buyer[] = []
  for (let i = 0; i < count; i++) {
    const id = userId++
    const email = `${label}-${i + 1}@bench-payments.aqoon.test`
    const membership = `pay${String(id).padStart(21, '0')}`
    const sid = crypto.randomUUID()
    users.push([id, `Buyer ${label} ${i + 1}`, email, 'en', 'person', true, now.toISOString(), now.toISOString()])
    memberships.push([1, id, membership, tenant, false])
    roles.push([1, membership, 'student'])
    sessions.push([1, id, sid, now.toISOString(), expires.toISOString()])
    const { token } = await jwtSign({ fieldsToSign: { id, collection: 'users', email, sid }, secret: key, tokenExpiration: SESSION_SECONDS })
    buyers.push({ id, tenant, email, token })
  }
  await insert(db, 'users', [['id', 'int4'], ['name', 'text'], ['email', 'text'], ['preferred_locale', 'enum_users_preferred_locale'], ['kind', 'enum_users_kind'], ['_verified', 'bool'], ['updated_at', 'timestamptz'], ['created_at', 'timestamptz']], users)
  await resetSequence(db, 'users')
  await insert(db, 'users_tenants', [['_order', 'int4'], ['_parent_id', 'int4'], ['id', 'text'], ['tenant_id', 'int4'], ['suspended', 'bool']], memberships)
  await insert(db, 'users_tenants_roles', [['order', 'int4'], ['parent_id', 'text'], ['value', 'enum_users_tenants_roles']], roles)
  await insert(db, 'users_sessions', [['_order', 'int4'], ['_parent_id', 'int4'], ['id', 'text'], ['created_at', 'timestamptz'], ['expires_at', 'timestamptz']], sessions)
  return buyers
}

/** The fields an enrollment's creation names in its audit entry, as the app records them. */
const ENROLLMENT_FIELDS = ['activatedAt', 'course', 'progress', 'requestedAt', 'source', 'status', 'tenant', 'title', 'user']

/**
 * The audit trail a school with these enrollments has: one entry per enrollment made, with its
 * fields and school, as the app writes them. Without it the trail starts empty, and PostgreSQL,
 * whose statistics then say so, plans the foreign-key checks of new entries (each school the
 * entry names checks its entry) as scans of the whole table, and keeps those plans for the connection's
 * life: 22,000 sequential scans of a growing table in one run, where a deployed system that has
 * ever been analyzed looks each entry up by its key.
 */
export const seedAuditTrail = async (db: pg.Client): Promise<number> => {
  const { rowCount } = await db.query(
    `insert into audit_logs (action, actor_id, actor_label, collection, document_id, changed_fields, ip, user_agent, created_at, updated_at)
     select 'create', null, 'system', 'enrollments', e.id::text, $1::jsonb, '127.0.0.1', null, e.created_at, e.created_at from enrollments e order by e.id`,
    [JSON.stringify(ENROLLMENT_FIELDS)],
  )
  await db.query(`
    insert into audit_logs_rels ("order", parent_id, path, tenants_id)
    select 1, a.id, 'tenants', e.tenant_id from audit_logs a join enrollments e on e.id = a.document_id::int where a.collection = 'enrollments'`)
  return rowCount ?? 0
}
