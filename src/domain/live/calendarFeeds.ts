import type { PayloadRequest } from 'payload'

import type { CalendarFeed, Course, User } from '@/payload-types'

import { createHash, randomBytes } from 'node:crypto'

import { LEARNING } from '@/domain/enrollment/status'
import { listMemberships, type Membership, usableMemberships } from '@/domain/identity/memberships'
import { suspendedTenantIds } from '@/domain/tenancy/tenantStatus'
import { readingIn } from '@/services/database/transactions'
import { settings } from '@/settings'
import { forbidden, invalid } from '@/shared/domainError'
import { type CalendarEvent, icalendar } from '@/shared/icalendar'
import { textIn } from '@/shared/localizedText'
import { referenceId } from '@/shared/referenceId'
import { CALENDAR_FEEDS, COURSES, ENROLLMENTS, LIVE_CLASSES, TENANTS, USERS } from '@/shared/slugs'

/** 32 random bytes: a feed's address is its only key, and calendar services keep it for years. */
const TOKEN = /^aqc_[A-Za-z0-9_-]{43}$/

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex')

/** A feed's address, from its token. */
export const feedUrl = (token: string): string => `${settings.serverUrl}/api/calendar-feeds/ical/${token}.ics`

export type FeedData = { tenant?: unknown; course?: unknown; owner?: unknown; tokenHash?: string; hint?: string; status?: CalendarFeed['status']; revokedAt?: string | null }

type Person = { id: number; tenants?: User['tenants'] }

/** The person's membership of the school, if it grants anything (neither it nor the school suspended). */
const membershipIn = async (req: PayloadRequest, person: Person, school: number): Promise<Membership | undefined> =>
  usableMemberships(listMemberships(person), await suspendedTenantIds(req.payload)).find((m) => m.tenantId === school)

/** The courses of a school a person's calendar shows: those they learn in, and those they teach while they are its instructor. */
const coursesOf = async (req: PayloadRequest, person: Person, school: number): Promise<number[]> => {
  const membership = await membershipIn(req, person, school)
  if (!membership) {
    return []
  }
  const learning = await req.payload.find({ collection: ENROLLMENTS, where: { and: [{ user: { equals: person.id } }, { tenant: { equals: school } }, { status: { in: [...LEARNING] } }] }, pagination: false, depth: 0, select: { course: true }, overrideAccess: true, req })
  const teaching = membership.roles.includes('instructor')
    ? (await req.payload.find({ collection: COURSES, where: { and: [{ instructors: { contains: person.id } }, { tenant: { equals: school } }] }, pagination: false, depth: 0, select: { slug: true }, overrideAccess: true, req })).docs
    : []
  return [...new Set([...learning.docs.map((e) => referenceId(e.course)!), ...teaching.map((c) => c.id)])]
}

/**
 * A new feed, for the person asking, of their own classes in a school or of one course's; the
 * token is made here and only its hash kept: its address is shown once, in the answer.
 */
export const issueFeed = async (req: PayloadRequest, data: FeedData): Promise<{ data: FeedData; token: string }> => {
  const user = req.user as (Person & { collection: string; kind?: string }) | null
  if (!user || user.collection !== USERS || user.kind === 'integration') {
    throw forbidden('A calendar feed is a person’s own: sign in as yourself to make one.')
  }
  const school = referenceId(data.tenant)
  const course = referenceId(data.course)
  if (school !== null && course !== null && !(await coursesOf(req, user, school)).includes(course)) {
    throw invalid('Choose a course you learn in or teach.', { field: 'course' })
  }
  const token = `aqc_${randomBytes(32).toString('base64url')}`
  return { data: { ...data, owner: user.id, tokenHash: hashOf(token), hint: token.slice(0, 8), status: 'active', revokedAt: null }, token }
}

/** A revoked feed stays revoked: make a new one (at a new address) instead. */
export const reviseFeed = (data: FeedData, original: FeedData): FeedData => {
  if (original.status === 'revoked' && data.status !== undefined && data.status !== 'revoked') {
    throw invalid('A revoked feed cannot be turned on again: make a new one.', { field: 'status' })
  }
  return data.status === 'revoked' && original.status !== 'revoked' ? { ...data, revokedAt: new Date().toISOString() } : data
}

/**
 * The calendar behind a feed's address: the live classes (from 60 days back) of the courses the
 * feed's owner learns in or teaches in its school, or of its one course while they still do,
 * in the owner's language. Nothing for an unknown or revoked token, or an owner who has left
 * the school. No join link is in it: a calendar is shared with calendar services, a join link is not.
 */
export const calendarOfFeed = async (req: PayloadRequest, token: string): Promise<string | undefined> => {
  if (!TOKEN.test(token)) {
    return undefined
  }
  const feed = (await req.payload.find({ collection: CALENDAR_FEEDS, where: { tokenHash: { equals: hashOf(token) } }, limit: 1, pagination: false, depth: 0, overrideAccess: true, req })).docs[0]
  const owner = feed ? await req.payload.findByID({ collection: USERS, id: referenceId(feed.owner)!, depth: 0, overrideAccess: true, disableErrors: true, req }) : null
  const school = feed ? referenceId(feed.tenant) : null
  if (!feed || feed.status !== 'active' || !owner || school === null || !(await membershipIn(req, owner, school))) {
    return undefined
  }
  const followed = await coursesOf(req, owner, school)
  const only = referenceId(feed.course)
  const courses = only === null ? followed : followed.filter((id) => id === only)
  const locale = owner.preferredLocale ?? 'en'
  // Every locale, then the owner's: a class written only in Somali still has a title in an English reader's calendar.
  const reading = await readingIn(req, 'all')
  const classes =
    courses.length === 0
      ? []
      : (
          await req.payload.find({
            collection: LIVE_CLASSES,
            where: { and: [{ course: { in: courses } }, { startsAt: { greater_than: new Date(Date.now() - 60 * 86_400_000).toISOString() } }] },
            sort: 'startsAt',
            limit: 500,
            depth: 0,
            locale: 'all',
            overrideAccess: true,
            req: reading,
          })
        ).docs
  const courseDocs = new Map<number, Course>(
    courses.length === 0 ? [] : (await req.payload.find({ collection: COURSES, where: { id: { in: courses } }, pagination: false, depth: 0, locale: 'all', select: { slug: true, title: true }, overrideAccess: true, req: reading })).docs.map((c) => [c.id, c as Course]),
  )
  const tenant = await req.payload.findByID({ collection: TENANTS, id: school, depth: 0, select: { name: true }, overrideAccess: true, req })
  const host = new URL(settings.serverUrl).host
  const events: CalendarEvent[] = classes.map((klass) => {
    const course = courseDocs.get(referenceId(klass.course)!)
    const start = new Date(klass.startsAt)
    return {
      uid: `live-class-${klass.id}@${host}`,
      start,
      end: new Date(start.getTime() + klass.durationMinutes * 60_000),
      summary: textIn(klass.title, locale) || `#${klass.id}`,
      description: [textIn(course?.title, locale), textIn(klass.agenda, locale)].filter(Boolean).join('\n\n'),
      url: course ? `${settings.serverUrl}/learn/courses/${encodeURIComponent(course.slug)}` : undefined,
      status: klass.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
      lastModified: new Date(klass.updatedAt),
    }
  })
  const name = `${(only !== null && textIn(courseDocs.get(only)?.title, locale)) || tenant.name}: live classes`
  return icalendar({ name, productId: '-//Aqoon//Live classes//EN', events })
}
