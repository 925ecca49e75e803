import type { Enrollment } from '@/payload-types'

import { invalid } from '@/shared/domainError'
import { ENROLLMENTS } from '@/shared/slugs'

/**
 * The enrollment status machine, written once: its states, who may move an enrollment from
 * one to another, and the named decisions people take. The enrollments collection, the enroll
 * and decision endpoints, progress and the expiry job all ask it.
 */
export const ENROLLMENT_STATUSES = ['pending', 'active', 'completed', 'cancelled', 'expired'] as const
export type EnrollmentStatus = Enrollment['status']

export const ENROLLMENT_SOURCES = ['self', 'staff', 'bulk', 'payment'] as const

/**
 * Who makes a change: the course's staff (and school admins), the enrolled person on their own
 * enrollment, or the system (progress completes, expiry expires).
 */
export type EnrollmentActor = 'staff' | 'owner' | 'system'

type Transition = { from: EnrollmentStatus; to: EnrollmentStatus; by: EnrollmentActor[] }

export const TRANSITIONS: readonly Transition[] = [
  // The system activates a paid enrollment when its money arrives.
  { from: 'pending', to: 'active', by: ['staff', 'system'] },
  { from: 'pending', to: 'cancelled', by: ['staff', 'owner'] },
  { from: 'pending', to: 'expired', by: ['system'] },
  // The system ends an enrollment whose payment was refunded in full.
  { from: 'active', to: 'cancelled', by: ['staff', 'owner', 'system'] },
  { from: 'active', to: 'completed', by: ['system'] },
  { from: 'active', to: 'expired', by: ['system'] },
  // Enrolling again after leaving, or staff letting someone back in.
  { from: 'cancelled', to: 'active', by: ['staff', 'owner', 'system'] },
  { from: 'cancelled', to: 'pending', by: ['staff', 'owner'] },
  { from: 'expired', to: 'active', by: ['staff', 'owner', 'system'] },
  { from: 'expired', to: 'cancelled', by: ['staff'] },
]

/** How a new enrollment may start. */
export const INITIAL_STATUSES: readonly EnrollmentStatus[] = ['active', 'pending']

/** Enrollments that hold, or ask for, a place: enrolling again changes nothing. */
export const HOLDING_PLACE: readonly EnrollmentStatus[] = ['pending', 'active', 'completed']

/** Enrollments that take one of the course's places (capacity). */
export const TAKING_SEAT: readonly EnrollmentStatus[] = ['active', 'completed']

/** Enrollments whose person learns in the course: reads its lessons, files and assignments. */
export const LEARNING: readonly EnrollmentStatus[] = ['active', 'completed']

/** Enrollments listed in the gradebook and counted by analytics: everyone who took part. */
export const TOOK_PART: readonly EnrollmentStatus[] = ['active', 'completed', 'expired']

/** Enrollments the expiry job ends when their course has ended. */
export const EXPIRING: readonly EnrollmentStatus[] = ['pending', 'active']

/** Whether `actor` may move an enrollment from `from` to `to`. */
export const mayTransition = (from: EnrollmentStatus, to: EnrollmentStatus, actor: EnrollmentActor): boolean =>
  TRANSITIONS.some((t) => t.from === from && t.to === to && t.by.includes(actor))

/** Refuses a status change the machine does not allow to `actor`. */
export const checkTransition = (from: EnrollmentStatus, to: EnrollmentStatus, actor: EnrollmentActor): void => {
  if (!mayTransition(from, to, actor)) {
    throw invalid(`An enrollment cannot go from ${from} to ${to}.`, { field: 'status', collection: ENROLLMENTS })
  }
}

/** Decisions people take on an enrollment, by name (`POST /api/enrollments/:id/<name>`). */
export const DECISIONS = {
  approve: { from: ['pending'], to: 'active', by: ['staff'], done: 'approved' },
  reject: { from: ['pending'], to: 'cancelled', by: ['staff'], done: 'rejected' },
  cancel: { from: ['pending', 'active'], to: 'cancelled', by: ['staff', 'owner'], done: 'cancelled' },
} as const satisfies Record<string, { from: EnrollmentStatus[]; to: EnrollmentStatus; by: EnrollmentActor[]; done: string }>

export type DecisionName = keyof typeof DECISIONS

declare module 'payload' {
  interface RequestContext {
    /** Who is changing enrollments in this request, when not the course's staff (the default). */
    enrollmentActor?: EnrollmentActor
  }
}
