import type { CollectionBeforeChangeHook } from 'payload'

import type { Quiz } from '@/payload-types'

import { ValidationError } from 'payload'

import { lessonsOf } from '@/domain/enrollment/progress'
import { questionProblems, totalPoints } from '@/domain/coursework/quizzes/rules'
import { QUIZZES } from '@/shared/slugs'

import { courseOfWork } from '../../courseOfWork'

/**
 * A quiz belongs to a course the requester may manage, takes the course's school, opens before
 * it closes, and its questions can be answered and graded. Keeps its question count and points.
 */
export const checkQuizRules: CollectionBeforeChangeHook<Quiz> = async ({ data, originalDoc, operation, req }) => {
  const merged = { ...originalDoc, ...data } as Quiz
  const { course, problems } = await courseOfWork({ req, collection: QUIZZES, noun: 'A quiz', data, originalDoc, operation })
  if (merged.lesson && !lessonsOf(course).some((l) => l.id === merged.lesson)) {
    problems.push({ path: 'lesson', message: 'Choose a lesson of this course, or none.' })
  }
  if (merged.opensAt && merged.closesAt && new Date(merged.opensAt) >= new Date(merged.closesAt)) {
    problems.push({ path: 'closesAt', message: 'The quiz closes after it opens.' })
  }
  problems.push(...questionProblems(merged))
  if (problems.length > 0) {
    throw new ValidationError({ collection: QUIZZES, errors: problems })
  }
  data.questionCount = (merged.questions ?? []).length
  data.totalPoints = totalPoints(merged)
  return data
}
