import type pg from 'pg'

import { EVENT_CATALOG, type EventPayload } from '@/domain/events/catalog'
import { newWebhookSecret } from '@/services/webhooks/signature'

import { insert, nextId, resetSequence } from '../shared/sql'

/** A school's courses a member may enroll in at once: published, open, not archived, not ended, no capacity. */
export type School = { tenant: number; slug: string; courses: number[] }

export type Student = { id: number; tenant: number }

export type SeededEvent = { event: number; enrollment: number; tenant: number }

export type Endpoint = { id: number; tenant: number; url: string; secret: string }

/** What self-enrollment would refuse (policy, dates, seats) is left out, so every enrollment is a 201. */
export const openCourses = async (db: pg.Client, tenants: number[]): Promise<School[]> => {
  const { rows } = await db.query<{ tenant: number; slug: string; courses: number[] }>(
    `select t.id as tenant, t.slug, array_agg(c.id order by c.id) as courses
       from tenants t join courses c on c.tenant_id = t.id
      where t.id = any($1) and c._status = 'published' and c.enrollment_policy = 'open' and not coalesce(c.archived, false)
        and c.capacity is null and c.enrollment_opens_at is null and c.enrollment_closes_at is null
        and (c.ends_at is null or c.ends_at > now() + interval '1 day')
      group by t.id, t.slug order by t.id`,
    [tenants],
  )
  if (rows.length !== tenants.length || rows.some((row) => row.courses.length === 0)) {
    throw new Error('Every school needs at least one open course.')
  }
  return rows
}

/**
 * Students with one membership each (role `student`), spread over `schools` in turn, as
 * bench/catalog seeds them: verified, no password (nobody signs in; the enrolling process
 * is given each one as its requester).
 */
export const seedStudents = async (db: pg.Client, schools: School[], count: number, label: string): Promise<Student[]> => {
  const now = new Date().toISOString()
  let userId = await nextId(db, 'users')
  const users: unknown[][] = []
  const memberships: unknown[][] = []
  const roles: unknown[][] = []
  const students: Student[] = []
  for (let i = 0; i < count; i++) {
    const id = userId++
    const tenant = schools[i % schools.length]!.tenant
    const membership = `bench${String(id).padStart(19, '0')}`
    users.push([id, `Student ${label} ${i + 1}`, `${label}-${i + 1}@bench-events.aqoon.test`, 'en', 'person', true, now, now])
    memberships.push([1, id, membership, tenant, false])
    roles.push([1, membership, 'student'])
    students.push({ id, tenant })
  }
  await insert(db, 'users', [['id', 'int4'], ['name', 'text'], ['email', 'text'], ['preferred_locale', 'enum_users_preferred_locale'], ['kind', 'enum_users_kind'], ['_verified', 'bool'], ['updated_at', 'timestamptz'], ['created_at', 'timestamptz']], users)
  await resetSequence(db, 'users')
  await insert(db, 'users_tenants', [['_order', 'int4'], ['_parent_id', 'int4'], ['id', 'text'], ['tenant_id', 'int4'], ['suspended', 'bool']], memberships)
  await insert(db, 'users_tenants_roles', [['order', 'int4'], ['parent_id', 'text'], ['value', 'enum_users_tenants_roles']], roles)
  return students
}

/** The enrollment event types an endpoint asks for: all of them. */
const ENROLLMENT_TYPES = Object.keys(EVENT_CATALOG).filter((type) => type.startsWith('enrollment.'))

/** One active endpoint per school, subscribed to every enrollment event, at `baseUrl/<slug>`, with a secret of its own. */
export const seedEndpoints = async (db: pg.Client, schools: School[], baseUrl: string): Promise<Endpoint[]> => {
  const now = new Date().toISOString()
  let id = await nextId(db, 'webhook_endpoints')
  const endpoints: Endpoint[] = schools.map((school) => ({ id: id++, tenant: school.tenant, url: `${baseUrl}/${school.slug}`, secret: newWebhookSecret() }))
  await insert(db, 'webhook_endpoints', [['id', 'int4'], ['tenant_id', 'int4'], ['url', 'text'], ['description', 'text'], ['active', 'bool'], ['secret', 'text'], ['secret_hint', 'text'], ['updated_at', 'timestamptz'], ['created_at', 'timestamptz']],
    endpoints.map((e) => [e.id, e.tenant, e.url, 'bench/events receiver', true, e.secret, `…${e.secret.slice(-4)}`, now, now]))
  await resetSequence(db, 'webhook_endpoints')
  // A hasMany text field: one row per value, `order` from 1, under the field's path.
  await insert(db, 'webhook_endpoints_texts', [['order', 'int4'], ['parent_id', 'int4'], ['path', 'text'], ['text', 'text']],
    endpoints.flatMap((e) => ENROLLMENT_TYPES.map((type, i) => [i + 1, e.id, 'events', type])))
  return endpoints
}

/**
 * `count` active self-enrollments of fresh students in the schools' open courses, and for each
 * the `enrollment.activated` event its hook would have written in the same transaction: same
 * columns, a payload its schema accepts. Written before any worker runs, so what is timed
 * afterwards is the dispatcher and the sender, not the writers. Events alternate between schools.
 */
export const seedEnrollmentEvents = async (db: pg.Client, schools: School[], count: number, label: string): Promise<SeededEvent[]> => {
  const perStudent = Math.min(...schools.map((s) => s.courses.length))
  const students = await seedStudents(db, schools, Math.ceil(count / perStudent), label)
  const at = new Date().toISOString()
  let enrollmentId = await nextId(db, 'enrollments')
  let eventId = await nextId(db, 'domain_events')
  const enrollments: unknown[][] = []
  const events: unknown[][] = []
  const seeded: SeededEvent[] = []
  for (let i = 0; i < count; i++) {
    // Student i % n, so consecutive events belong to different students and schools.
    const student = students[i % students.length]!
    const school = schools.find((s) => s.tenant === student.tenant)!
    const course = school.courses[Math.floor(i / students.length) % school.courses.length]!
    const enrollment = enrollmentId++
    const event = eventId++
    const payload: EventPayload<'enrollment.activated'> = { enrollment, course, person: student.id, status: 'active', previousStatus: null, source: 'self', progress: 0, at }
    EVENT_CATALOG['enrollment.activated'].schema.parse(payload)
    enrollments.push([enrollment, school.tenant, `${label} ${student.id} — course ${course}`, student.id, course, 'active', 'self', 0, at, at, at, at])
    events.push([event, school.tenant, 'enrollment.activated', EVENT_CATALOG['enrollment.activated'].version, 'enrollments', String(enrollment), student.id, `${label}-${student.id}@bench-events.aqoon.test`, JSON.stringify(payload), at])
    seeded.push({ event, enrollment, tenant: school.tenant })
  }
  await insert(db, 'enrollments', [
    ['id', 'int4'], ['tenant_id', 'int4'], ['title', 'text'], ['user_id', 'int4'], ['course_id', 'int4'], ['status', 'enum_enrollments_status'],
    ['source', 'enum_enrollments_source'], ['progress', 'numeric'], ['requested_at', 'timestamptz'], ['activated_at', 'timestamptz'],
    ['updated_at', 'timestamptz'], ['created_at', 'timestamptz'],
  ], enrollments)
  await resetSequence(db, 'enrollments')
  await insert(db, 'domain_events', [
    ['id', 'int4'], ['tenant_id', 'int4'], ['type', 'text'], ['version', 'numeric'], ['subject_collection', 'text'], ['subject_id', 'text'],
    ['actor_id', 'int4'], ['actor_label', 'text'], ['payload', 'jsonb'], ['occurred_at', 'timestamptz'],
  ], events)
  await resetSequence(db, 'domain_events')
  return seeded
}
