import { createInOwnTenant } from '@/access/createInOwnTenant'
import { courseStaffAndLearners, courseStaffOnly } from '@/access/courseMembers'
import { LIVE_CLASSES } from '@/shared/slugs'

/** The course's staff (its school's admins, its instructors) see its classes; its students the classes of courses they learn in. */
export const readLiveClasses = courseStaffAndLearners

/** The school's admins schedule and change every class of the school; instructors those of the courses they teach. */
export const manageLiveClasses = courseStaffOnly

export const createLiveClasses = createInOwnTenant(LIVE_CLASSES)
