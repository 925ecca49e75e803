import type { FieldHook } from 'payload'

import type { Submission } from '@/payload-types'

import { hiddenGradeOf } from '../access/hiddenGrade'

/**
 * Until release, the student sees their work as handed in: `graded` would tell them a grade
 * exists. Reads that override access (the system's own) see the stored value.
 */
export const showStatusAsHandedIn: FieldHook<Submission> = async ({ value, data, req, overrideAccess }) =>
  value === 'graded' && !overrideAccess && data?.id !== undefined && (await hiddenGradeOf(req, data as Submission)) ? 'submitted' : value

/** Until release, the student sees `updatedAt` as the hand-in time: entering a grade changes it. */
export const showHandInAsUpdatedAt: FieldHook<Submission> = async ({ value, data, req, overrideAccess }) => {
  if (value === undefined || overrideAccess || data?.id === undefined) {
    return value
  }
  const hidden = await hiddenGradeOf(req, data as Submission)
  return hidden ? hidden.handedInAt : value
}
