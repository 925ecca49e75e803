import type pg from 'pg'

import { insert, nextId, resetSequence } from '../shared/sql'
import { AUDIENCES, CATEGORIES, STYLES, SUMMARY, TAGS, TITLES, TOPICS, type Trilingual } from './vocabulary'

export const TENANT_COUNT = 20
const STUDENTS_PER_TENANT = 250
const ENROLLMENTS_PER_STUDENT = 20
const LOCALES = ['en', 'ar', 'so'] as const
const LEVELS = ['beginner', 'intermediate', 'advanced', 'all-levels'] as const
const DAY_MS = 86_400_000

export const tenantSlug = (index: number): string => `bench-${String(index + 1).padStart(2, '0')}`

/** A small seeded generator: the same seed gives the same catalog (and search stream) on every run. */
export const random = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

const pick = <T>(next: () => number, list: readonly T[]): T => list[Math.floor(next() * list.length)]!

type Catalog = { tenantIds: number[]; categoryIds: number[][]; tagIds: number[][] }

/** Schools with their categories (some nested) and tags, in three languages. */
export const seedSchools = async (db: pg.Client): Promise<Catalog> => {
  const now = new Date().toISOString()
  let tenantId = await nextId(db, 'tenants')
  let categoryId = await nextId(db, 'categories')
  let tagId = await nextId(db, 'tags')
  const tenants: unknown[][] = []
  const categories: unknown[][] = []
  const categoryNames: unknown[][] = []
  const tags: unknown[][] = []
  const tagNames: unknown[][] = []
  const catalog: Catalog = { tenantIds: [], categoryIds: [], tagIds: [] }

  for (let t = 0; t < TENANT_COUNT; t++) {
    const id = tenantId++
    tenants.push([id, `Bench School ${t + 1}`, tenantSlug(t), 'en', 'UTC', 'open', 'active', now, now])
    catalog.tenantIds.push(id)
    const bySlug = new Map<string, number>()
    for (const category of CATEGORIES) {
      const cid = categoryId++
      bySlug.set(category.slug, cid)
      categories.push([cid, id, category.slug, category.parent ? bySlug.get(category.parent) : null, now, now])
      for (const locale of LOCALES) {
        categoryNames.push([category[locale], locale, cid])
      }
    }
    catalog.categoryIds.push([...bySlug.values()])
    const ids: number[] = []
    for (const tag of TAGS) {
      const gid = tagId++
      ids.push(gid)
      tags.push([gid, id, tag.slug, now, now])
      for (const locale of LOCALES) {
        tagNames.push([tag[locale], locale, gid])
      }
    }
    catalog.tagIds.push(ids)
  }

  await insert(db, 'tenants', [['id', 'int4'], ['name', 'text'], ['slug', 'text'], ['default_locale', 'enum_tenants_default_locale'], ['timezone', 'text'], ['registration', 'enum_tenants_registration'], ['status', 'enum_tenants_status'], ['updated_at', 'timestamptz'], ['created_at', 'timestamptz']], tenants)
  await insert(db, 'categories', [['id', 'int4'], ['tenant_id', 'int4'], ['slug', 'text'], ['parent_id', 'int4'], ['updated_at', 'timestamptz'], ['created_at', 'timestamptz']], categories)
  await insert(db, 'categories_locales', [['name', 'text'], ['_locale', '_locales'], ['_parent_id', 'int4']], categoryNames)
  await insert(db, 'tags', [['id', 'int4'], ['tenant_id', 'int4'], ['slug', 'text'], ['updated_at', 'timestamptz'], ['created_at', 'timestamptz']], tags)
  await insert(db, 'tags_locales', [['name', 'text'], ['_locale', '_locales'], ['_parent_id', 'int4']], tagNames)
  for (const table of ['tenants', 'categories', 'tags']) {
    await resetSequence(db, table)
  }
  return catalog
}

const fill = (template: string, values: Record<string, string>): string =>
  template.replace(/\{(\w)\}/g, (_, key: string) => values[key] ?? '')

const inLocale = (words: Trilingual, locale: (typeof LOCALES)[number]): string => words[locale]

/**
 * Published courses `from` (inclusive) to `to` (exclusive) of every school, each
 * with a title and summary in all three languages, a category, 0-3 tags, and varied
 * level, language, price and start date. Course `i` of a school is the same on
 * every run, so a larger scale is the smaller one plus more courses.
 */
export const seedCourses = async (db: pg.Client, catalog: Catalog, from: number, to: number): Promise<void> => {
  const epoch = Date.UTC(2026, 0, 1)
  let courseId = await nextId(db, 'courses')
  for (let t = 0; t < catalog.tenantIds.length; t++) {
    const courses: unknown[][] = []
    const texts: unknown[][] = []
    const rels: unknown[][] = []
    for (let i = from; i < to; i++) {
      const next = random((t + 1) * 1_000_003 + i)
      const id = courseId++
      const topic = pick(next, TOPICS)
      const related = pick(next, TOPICS)
      const title = pick(next, TITLES)
      const style = pick(next, STYLES)
      const audience = pick(next, AUDIENCES)
      const paid = next() < 0.3
      const language = next() < 0.5 ? 'en' : next() < 0.5 ? 'ar' : 'so'
      const createdAt = new Date(epoch - Math.floor(next() * 3 * 365) * DAY_MS - Math.floor(next() * DAY_MS))
      const startsAt = next() < 0.1 ? null : new Date(epoch + Math.floor((next() * 545 - 180)) * DAY_MS)
      const endsAt = startsAt ? new Date(startsAt.getTime() + (2 + Math.floor(next() * 14)) * 7 * DAY_MS) : null
      courses.push([
        id,
        catalog.tenantIds[t],
        `course-${i + 1}`,
        pick(next, catalog.categoryIds[t]!),
        pick(next, LEVELS),
        language,
        2 + Math.floor(next() * 58),
        paid ? pick(next, [1999, 4999, 9900]) : null,
        paid ? 'USD' : null,
        paid ? 'paid' : next() < 0.8 ? 'open' : 'approval',
        startsAt?.toISOString() ?? null,
        endsAt?.toISOString() ?? null,
        false,
        'published',
        createdAt.toISOString(),
        createdAt.toISOString(),
      ])
      for (const locale of LOCALES) {
        const topicName = inLocale(topic, locale)
        texts.push([
          fill(inLocale(title, locale), { t: topicName }),
          fill(SUMMARY[locale], { s: inLocale(style, locale), t: topicName, a: inLocale(audience, locale), r: inLocale(related, locale) }),
          locale,
          id,
        ])
      }
      const tagPool = [...catalog.tagIds[t]!]
      const tagCount = Math.floor(next() * 4)
      for (let order = 1; order <= tagCount; order++) {
        rels.push([order, id, 'tags', tagPool.splice(Math.floor(next() * tagPool.length), 1)[0]])
      }
    }
    await insert(db, 'courses', [
      ['id', 'int4'], ['tenant_id', 'int4'], ['slug', 'text'], ['category_id', 'int4'], ['level', 'enum_courses_level'],
      ['language', 'enum_courses_language'], ['estimated_hours', 'numeric'], ['price_amount', 'numeric'], ['price_currency', 'text'],
      ['enrollment_policy', 'enum_courses_enrollment_policy'], ['starts_at', 'timestamptz'], ['ends_at', 'timestamptz'],
      ['archived', 'bool'], ['_status', 'enum_courses_status'], ['updated_at', 'timestamptz'], ['created_at', 'timestamptz'],
    ], courses)
    await insert(db, 'courses_locales', [['title', 'text'], ['summary', 'text'], ['_locale', '_locales'], ['_parent_id', 'int4']], texts)
    await insert(db, 'courses_rels', [['order', 'int4'], ['parent_id', 'int4'], ['path', 'text'], ['tags_id', 'int4']], rels)
  }
  await resetSequence(db, 'courses')
}

/**
 * Students (members of one school each) and their enrollments in that school's
 * first 1,000 courses: 20 per student, 100,000 in all. Nobody signs in, so no
 * password hash is stored.
 */
export const seedEnrollments = async (db: pg.Client, catalog: Catalog): Promise<number> => {
  const now = Date.UTC(2026, 0, 1)
  let userId = await nextId(db, 'users')
  const users: unknown[][] = []
  const memberships: unknown[][] = []
  const roles: unknown[][] = []
  const enrollments: unknown[][] = []
  for (let t = 0; t < catalog.tenantIds.length; t++) {
    const tenantId = catalog.tenantIds[t]!
    const { rows } = await db.query<{ id: number }>(
      'select id from courses where tenant_id = $1 order by id limit 1000',
      [tenantId],
    )
    const courseIds = rows.map((row) => row.id)
    for (let s = 0; s < STUDENTS_PER_TENANT; s++) {
      const next = random(7_000_001 * (t + 1) + s)
      const id = userId++
      const membership = `bench${String(id).padStart(19, '0')}`
      const at = new Date(now - Math.floor(next() * 365) * DAY_MS).toISOString()
      users.push([id, `Student ${t + 1}-${s + 1}`, `student-${t + 1}-${s + 1}@bench.aqoon.test`, pick(next, LOCALES), 'person', true, at, at])
      memberships.push([1, id, membership, tenantId, false])
      roles.push([1, membership, 'student'])
      // Distinct courses per student: step 50 through 1,000 courses, 20 steps.
      for (let e = 0; e < ENROLLMENTS_PER_STUDENT; e++) {
        const courseId = courseIds[(s * 7 + e * 50) % courseIds.length]!
        const roll = next()
        const status = roll < 0.65 ? 'active' : roll < 0.9 ? 'completed' : roll < 0.95 ? 'pending' : 'cancelled'
        const activated = status === 'pending' ? null : at
        enrollments.push([
          tenantId, id, courseId, status, pick(next, ['self', 'self', 'staff', 'bulk', 'payment']),
          status === 'completed' ? 100 : Math.floor(next() * 90), at, activated,
          status === 'completed' ? new Date(Date.parse(at) + 30 * DAY_MS).toISOString() : null, at, at,
        ])
      }
    }
  }
  await insert(db, 'users', [['id', 'int4'], ['name', 'text'], ['email', 'text'], ['preferred_locale', 'enum_users_preferred_locale'], ['kind', 'enum_users_kind'], ['_verified', 'bool'], ['updated_at', 'timestamptz'], ['created_at', 'timestamptz']], users)
  await resetSequence(db, 'users')
  await insert(db, 'users_tenants', [['_order', 'int4'], ['_parent_id', 'int4'], ['id', 'text'], ['tenant_id', 'int4'], ['suspended', 'bool']], memberships)
  await insert(db, 'users_tenants_roles', [['order', 'int4'], ['parent_id', 'text'], ['value', 'enum_users_tenants_roles']], roles)
  await insert(db, 'enrollments', [
    ['tenant_id', 'int4'], ['user_id', 'int4'], ['course_id', 'int4'], ['status', 'enum_enrollments_status'],
    ['source', 'enum_enrollments_source'], ['progress', 'numeric'], ['requested_at', 'timestamptz'], ['activated_at', 'timestamptz'],
    ['completed_at', 'timestamptz'], ['updated_at', 'timestamptz'], ['created_at', 'timestamptz'],
  ], enrollments)
  return enrollments.length
}

/** Fresh statistics and visibility maps, as autovacuum would leave a live database. */
export const analyze = (db: pg.Client): Promise<unknown> => db.query('vacuum analyze')
