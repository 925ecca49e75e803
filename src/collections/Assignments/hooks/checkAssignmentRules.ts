import type { CollectionBeforeChangeHook } from 'payload'

import type { Assignment } from '@/payload-types'

import { ValidationError } from 'payload'

import { ASSIGNMENTS } from '@/shared/slugs'
import { lessonsOf } from '@/domain/enrollment/progress'

import { courseOfWork } from '../../courseOfWork'

const time = (value: string | null | undefined): number | undefined => (value ? new Date(value).getTime() : undefined)

/**
 * An assignment belongs to a course the requester may manage, takes the course's school,
 * and its dates, late policy, rubric and pass mark agree with each other.
 */
export const checkAssignmentRules: CollectionBeforeChangeHook<Assignment> = async ({ data, originalDoc, operation, req }) => {
  const merged = { ...originalDoc, ...data } as Assignment
  const { course, problems } = await courseOfWork({ req, collection: ASSIGNMENTS, noun: 'An assignment', data, originalDoc, operation })
  if (merged.lesson && !lessonsOf(course).some((l) => l.id === merged.lesson)) {
    problems.push({ path: 'lesson', message: 'Choose a lesson of this course, or none.' })
  }
  const opens = time(merged.opensAt)
  const due = time(merged.dueAt)
  const cutoff = time(merged.cutoffAt)
  if (opens !== undefined && due !== undefined && opens >= due) {
    problems.push({ path: 'dueAt', message: 'The due date must come after the opening.' })
  }
  if (merged.latePolicy === 'cutoff' && cutoff === undefined) {
    problems.push({ path: 'cutoffAt', message: 'Give the cut-off after which late work is refused.' })
  }
  if (cutoff !== undefined && (due === undefined || cutoff < due)) {
    problems.push({ path: 'cutoffAt', message: 'The cut-off comes after the due date.' })
  }
  if (merged.latePolicy === 'penalty' && !(typeof merged.latePenaltyPercentPerDay === 'number' && merged.latePenaltyPercentPerDay > 0)) {
    problems.push({ path: 'latePenaltyPercentPerDay', message: 'Give the penalty per late day, in percent.' })
  }
  const maxPoints = merged.maxPoints ?? 0
  if (typeof merged.passMark === 'number' && merged.passMark > maxPoints) {
    problems.push({ path: 'passMark', message: 'The pass mark cannot exceed the maximum points.' })
  }
  const rubric = merged.rubric ?? []
  if (rubric.length > 0) {
    const top = rubric.reduce((sum, criterion) => sum + Math.max(0, ...(criterion.levels ?? []).map((l) => l.points ?? 0)), 0)
    if (top !== maxPoints) {
      problems.push({ path: 'rubric', message: `The rubric's best levels add up to ${top}; make them add up to the maximum points (${maxPoints}).` })
    }
  }
  if (merged.submissionType !== 'text' && (merged.allowedFileTypes ?? []).length === 0) {
    problems.push({ path: 'allowedFileTypes', message: 'Choose the file types students may hand in.' })
  }
  if (problems.length > 0) {
    throw new ValidationError({ collection: ASSIGNMENTS, errors: problems })
  }
  return data
}
