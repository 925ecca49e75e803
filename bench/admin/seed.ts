import type pg from 'pg'

import type { AuditAction } from '@/services/audit/auditActions'

import { insert, nextId, resetSequence } from '../shared/sql'

/**
 * The versions Payload keeps of every course (drafts are on): the admin panel's course list
 * reads `_courses_v` (`draft: true`, `latest = true`), not `courses`. Each course gets the
 * version its publication left (latest, published, as the course is) and every
 * `olderEvery`-th course an earlier draft beneath it, as editing leaves them. Written from the
 * seeded courses with SQL, titles, summaries and tags included.
 */
export const seedCourseVersions = async (db: pg.Client, olderEvery = 4): Promise<number> => {
  const columns = `version_tenant_id, version_slug, version_category_id, version_cover_id, version_level, version_language,
    version_estimated_hours, version_price_amount, version_price_currency, version_enrollment_policy, version_capacity,
    version_enrollment_opens_at, version_enrollment_closes_at, version_starts_at, version_ends_at, version_archived,
    version_issues_certificate, version_updated_at, version_created_at`
  const values = `c.tenant_id, c.slug, c.category_id, c.cover_id, c.level::text::enum__courses_v_version_level,
    c.language::text::enum__courses_v_version_language, c.estimated_hours, c.price_amount, c.price_currency,
    c.enrollment_policy::text::enum__courses_v_version_enrollment_policy, c.capacity, c.enrollment_opens_at,
    c.enrollment_closes_at, c.starts_at, c.ends_at, c.archived, c.issues_certificate`
  // Older drafts first, so ids grow with time as they do in a live database.
  await db.query(`
    insert into _courses_v (parent_id, ${columns}, version__status, created_at, updated_at, latest)
    select c.id, ${values}, c.created_at, c.created_at, 'draft', c.created_at, c.created_at, false
      from courses c where c.id % $1 = 0 order by c.id`, [olderEvery])
  await db.query(`
    insert into _courses_v (parent_id, ${columns}, version__status, created_at, updated_at, latest)
    select c.id, ${values}, c.updated_at, c.created_at, c._status::text::enum__courses_v_version_status, c.updated_at, c.updated_at, true
      from courses c order by c.id`)
  await db.query(`
    insert into _courses_v_locales (version_title, version_summary, _locale, _parent_id)
    select cl.title, cl.summary, cl._locale, v.id from _courses_v v join courses_locales cl on cl._parent_id = v.parent_id`)
  await db.query(`
    insert into _courses_v_rels ("order", parent_id, path, tags_id)
    select r."order", v.id, r.path, r.tags_id from _courses_v v join courses_rels r on r.parent_id = v.parent_id where r.path = 'tags'`)
  const { rows } = await db.query<{ count: string }>('select count(*) from _courses_v')
  return Number(rows[0]!.count)
}

/**
 * The enrollment title the enrollment rules write ("<name> — <course title>"), which the
 * admin panel lists and searches; the catalog's seed leaves it empty.
 */
export const titleEnrollments = (db: pg.Client): Promise<unknown> =>
  db.query(`
    update enrollments e set title = left(coalesce(nullif(u.name, ''), u.email) || ' — ' || coalesce(cl.title, 'course ' || e.course_id), 300)
      from users u, courses_locales cl
     where u.id = e.user_id and cl._parent_id = e.course_id and cl._locale = 'en'`)

/** A small seeded generator: the same seed gives the same audit trail on every run. */
const random = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0
    return state / 4_294_967_296
  }
}

type Kind = { action: AuditAction; collection: string; fields: string[][]; weight: number }

/**
 * What the trail of a school mostly holds: progress and status changes of enrollments,
 * enrollments made, sign-ins and outs, course edits; a few of everything else.
 */
const KINDS: Kind[] = [
  { action: 'update', collection: 'enrollments', fields: [['completedLessons', 'progress'], ['status'], ['activatedAt', 'status'], ['completedAt', 'progress', 'status']], weight: 40 },
  { action: 'create', collection: 'enrollments', fields: [['course', 'requestedAt', 'source', 'status', 'tenant', 'title', 'user']], weight: 15 },
  { action: 'login', collection: 'users', fields: [[]], weight: 15 },
  { action: 'logout', collection: 'users', fields: [[]], weight: 8 },
  { action: 'update', collection: 'courses', fields: [['title'], ['summary'], ['sections'], ['_status', 'sections']], weight: 10 },
  { action: 'create', collection: 'courses', fields: [['_status', 'enrollmentPolicy', 'language', 'slug', 'tenant', 'title']], weight: 3 },
  { action: 'login-failed', collection: 'users', fields: [[]], weight: 4 },
  { action: 'password-change', collection: 'users', fields: [[]], weight: 2 },
  { action: 'membership-change', collection: 'users', fields: [['tenants']], weight: 2 },
  { action: 'delete', collection: 'enrollments', fields: [[]], weight: 1 },
]
const TOTAL_WEIGHT = KINDS.reduce((sum, kind) => sum + kind.weight, 0)

const USER_AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
]

type Member = { id: number; email: string; tenant: number }

/**
 * `count` audit entries over the last year, as `recordAudit` writes them: the actor and their
 * email at the time, the collection and document, the changed fields (a JSON array in the
 * entry's row) and the school (`audit_logs_rels`), spread evenly over the
 * schools' members; one failed sign-in in ten names an unknown address and no school.
 */
export const seedAuditEntries = async (db: pg.Client, count: number): Promise<number> => {
  const { rows: members } = await db.query<Member>(
    `select u.id, u.email, ut.tenant_id as tenant from users u join users_tenants ut on ut._parent_id = u.id order by u.id`,
  )
  const { rows: ids } = await db.query<{ tenant: number; first: number; last: number }>(
    'select tenant_id as tenant, min(id) as first, max(id) as last from enrollments group by tenant_id',
  )
  const enrollmentRange = new Map(ids.map((row) => [row.tenant, row]))
  const { rows: courseIds } = await db.query<{ tenant: number; first: number; last: number }>(
    'select tenant_id as tenant, min(id) as first, max(id) as last from courses group by tenant_id',
  )
  const courseRange = new Map(courseIds.map((row) => [row.tenant, row]))
  if (members.length === 0) {
    throw new Error('No members to act in the audit trail; seed the schools and students first.')
  }
  const now = Date.UTC(2026, 0, 1)
  const yearMs = 365 * 86_400_000
  let id = await nextId(db, 'audit_logs')
  for (let start = 0; start < count; start += 20_000) {
    const entries: unknown[][] = []
    const rels: unknown[][] = []
    for (let i = start; i < Math.min(count, start + 20_000); i++) {
      const next = random(9_000_011 + i)
      const member = members[Math.floor(next() * members.length)]!
      let roll = next() * TOTAL_WEIGHT
      const kind = KINDS.find((k) => (roll -= k.weight) < 0) ?? KINDS[0]!
      const unknownAccount = kind.action === 'login-failed' && next() < 0.1
      const range = kind.collection === 'enrollments' ? enrollmentRange.get(member.tenant) : kind.collection === 'courses' ? courseRange.get(member.tenant) : undefined
      const documentId = unknownAccount ? null : range ? range.first + Math.floor(next() * (range.last - range.first + 1)) : member.id
      // Entries are written in time order: the id grows with created_at.
      const at = new Date(now - yearMs + Math.floor(((i + next()) / count) * yearMs)).toISOString()
      const entryId = id++
      const ip = `10.${Math.floor(next() * 256)}.${Math.floor(next() * 256)}.${1 + Math.floor(next() * 254)}`
      const userAgent = USER_AGENTS[Math.floor(next() * USER_AGENTS.length)]
      const fields = kind.fields[Math.floor(next() * kind.fields.length)]!
      entries.push([
        entryId, kind.action, unknownAccount ? null : member.id, unknownAccount ? `someone-${i}@unknown.test` : member.email, kind.collection,
        documentId === null ? null : String(documentId), JSON.stringify(fields), ip, userAgent, at, at,
      ])
      if (!unknownAccount) {
        rels.push([1, entryId, 'tenants', member.tenant])
      }
    }
    await insert(db, 'audit_logs', [
      ['id', 'int4'], ['action', 'enum_audit_logs_action'], ['actor_id', 'int4'], ['actor_label', 'text'], ['collection', 'text'],
      ['document_id', 'text'], ['changed_fields', 'jsonb'], ['ip', 'text'], ['user_agent', 'text'], ['updated_at', 'timestamptz'], ['created_at', 'timestamptz'],
    ], entries)
    await insert(db, 'audit_logs_rels', [['order', 'int4'], ['parent_id', 'int4'], ['path', 'text'], ['tenants_id', 'int4']], rels)
  }
  await resetSequence(db, 'audit_logs')
  return count
}
