import type { PayloadRequest } from 'payload'

import type { Course } from '@/payload-types'

import { APIError } from 'payload'

import { isCourseStaff } from '@/access/staff'
import { COURSES } from '@/collections/slugs'

/** The logged-in person, or a 401 in Payload's error shape. */
export const requirePerson = (req: PayloadRequest, action: string): { id: number; email?: string } => {
  if (!req.user || req.user.collection !== 'users') {
    throw new APIError(`Log in to ${action}.`, 401)
  }
  return req.user as { id: number; email?: string }
}

/** A positive integer route parameter, or a 404 (an ID that cannot exist names nothing). */
export const routeId = (req: PayloadRequest, name: string, noun: string): number => {
  const raw = req.routeParams?.[name]
  const id = typeof raw === 'string' && /^\d{1,12}$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(id) || id <= 0) {
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

/** The course as the requester may see it, or a 404: what they cannot read does not exist for them. */
export const readableCourse = async (req: PayloadRequest, id: number): Promise<Course> => {
  const course = await req.payload.findByID({ collection: COURSES, id, depth: 0, overrideAccess: false, user: req.user, req, disableErrors: true })
  if (!course) {
    throw new APIError('No such course.', 404)
  }
  return course
}

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
