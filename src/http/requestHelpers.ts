import type { CollectionSlug, DataFromCollectionSlug, PayloadRequest } from 'payload'

import type { Course } from '@/payload-types'

import { APIError } from 'payload'

import { isCourseStaff } from '@/domain/identity/staff'
import { COURSES } from '@/shared/slugs'

/** The logged-in person, or a 401 in Payload's error shape. */
export const requirePerson = (req: PayloadRequest, action: string): { id: number; email?: string } => {
  if (!req.user || req.user.collection !== 'users') {
    throw new APIError(`Log in to ${action}.`, 401)
  }
  return req.user as { id: number; email?: string }
}

/** The largest id a serial (PostgreSQL `integer`) column holds; past it the query itself would fail. */
const MAX_ID = 2_147_483_647

/** A positive integer route parameter, or a 404 (an ID that cannot exist names nothing). */
export const routeId = (req: PayloadRequest, name: string, noun: string): number => {
  const raw = req.routeParams?.[name]
  const id = typeof raw === 'string' && /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(id) || id <= 0 || id > MAX_ID) {
    throw new APIError(`No such ${noun}.`, 404)
  }
  return id
}

/** A JSON object body, empty when none was sent; 400 when it is not an object. */
export const optionalJsonBody = async (req: PayloadRequest): Promise<Record<string, unknown>> => {
  const text = (await req.text?.()) ?? ''
  if (text.trim() === '') {
    return {}
  }
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>
    }
  } catch {
    // answered below
  }
  throw new APIError('Send a JSON object, or nothing.', 400)
}

/**
 * A document as the requester may read it, or a 404: what they cannot read does not exist for
 * them. With `roleRefused: 403`, someone whose role reads none of the collection (its access
 * answers `false`) gets Payload's 403 instead: the staff-only collections say so, where a
 * student's own records hide what is not theirs.
 */
export const readableOr404 = async <S extends CollectionSlug>(req: PayloadRequest, collection: S, id: number, noun: string, options: { roleRefused?: 403 | 404; select?: Record<string, boolean> } = {}): Promise<DataFromCollectionSlug<S>> => {
  // The select's type is left loose: Payload's per-collection select types multiply past what the compiler holds.
  const query = { collection, depth: 0, overrideAccess: false, user: req.user, req, select: options.select as never } as const
  // `find` throws Forbidden on an access of `false`; `findByID` with `disableErrors` hides it.
  const doc = options.roleRefused === 403
    ? (await req.payload.find({ ...query, where: { id: { equals: id } }, limit: 1, pagination: false })).docs[0]
    : await req.payload.findByID({ ...query, id, disableErrors: true })
  if (!doc) {
    throw new APIError(`No such ${noun}.`, 404)
  }
  return doc as DataFromCollectionSlug<S>
}

/** The course as the requester may see it, or a 404. */
export const readableCourse = (req: PayloadRequest, id: number): Promise<Course> => readableOr404(req, COURSES, id, 'course')

/**
 * The course as the requester may see it, without its content (sections, lessons, description):
 * the terms a purchase looks at (price, school, places, dates, prerequisites, title). Reading
 * the lessons in every locale was the heaviest part of a checkout.
 */
export const readableCourseTerms = (req: PayloadRequest, id: number): Promise<Course> => readableOr404(req, COURSES, id, 'course', { select: { sections: false, description: false } })

/** The course as the requester may see it, with only what its tutor asks of it (the rest it reads in the database). */
export const readableCourseForTutor = async (req: PayloadRequest, id: number): Promise<Pick<Course, 'id' | 'tenant' | 'tutorEnabled'>> => readableOr404(req, COURSES, id, 'course', { select: { tenant: true, tutorEnabled: true } })

/**
 * The course, for its staff only: 401 anonymous, 404 when the requester cannot read it,
 * 403 when they can but neither teach it nor administer its school. `what` names what
 * they asked for ("the course's gradebook").
 */
export const courseForStaff = async (req: PayloadRequest, id: number, what: string): Promise<Course> => {
  requirePerson(req, `see ${what}`)
  const course = await readableCourse(req, id)
  if (!(await isCourseStaff(req, { tenant: course.tenant, course: course.id }))) {
    throw new APIError(`Only the course's instructors and the school's admins see ${what}.`, 403)
  }
  return course
}
