import type { Assignment, Submission } from '@/payload-types'

import { invalid } from '@/shared/domainError'
import { SUBMISSIONS } from '@/shared/slugs'

export type RubricScore = { criterion: string; points: number }

export type Score = {
  points: number
  rubricScores: RubricScore[] | null
  penaltyPercent: number
  finalPoints: number
}

const refuse = (path: string, message: string): never => {
  throw invalid(message, { field: path, collection: SUBMISSIONS })
}

const round2 = (value: number): number => Math.round(value * 100) / 100

/**
 * The grade of one submission: with a rubric, one level per criterion and the points are
 * their sum; without, points between 0 and the maximum. A late submission under the
 * penalty policy loses the penalty per started late day, never below zero.
 */
export const scoreSubmission = (
  assignment: Pick<Assignment, 'maxPoints' | 'rubric' | 'latePolicy' | 'latePenaltyPercentPerDay'>,
  submission: Pick<Submission, 'lateDays'>,
  input: { points?: unknown; rubricScores?: unknown },
): Score => {
  const rubric = assignment.rubric ?? []
  let points: number
  let rubricScores: RubricScore[] | null = null
  if (rubric.length > 0) {
    if (!Array.isArray(input.rubricScores)) {
      return refuse('rubricScores', 'Score every rubric criterion: [{"criterion": "<id>", "points": n}].')
    }
    const given = new Map<string, number>()
    for (const entry of input.rubricScores as { criterion?: unknown; points?: unknown }[]) {
      if (typeof entry?.criterion !== 'string' || typeof entry.points !== 'number') {
        refuse('rubricScores', 'Each score names a criterion (its id) and points.')
      }
      given.set(entry.criterion as string, entry.points as number)
    }
    rubricScores = rubric.map((criterion) => {
      const score = given.get(criterion.id ?? '')
      if (score === undefined) {
        return refuse('rubricScores', `Score the criterion "${criterion.criterion}".`)
      }
      if (!(criterion.levels ?? []).some((level) => level.points === score)) {
        return refuse('rubricScores', `${score} is not a level of "${criterion.criterion}".`)
      }
      return { criterion: criterion.id!, points: score }
    })
    if (given.size !== rubric.length) {
      refuse('rubricScores', 'Score each criterion of this rubric once, and nothing else.')
    }
    points = rubricScores.reduce((sum, s) => sum + s.points, 0)
    if (input.points !== undefined && input.points !== points) {
      refuse('points', `The rubric scores add up to ${points}.`)
    }
  } else {
    if (typeof input.points !== 'number' || !Number.isFinite(input.points)) {
      return refuse('points', 'Give the points.')
    }
    points = input.points
  }
  if (points < 0 || points > assignment.maxPoints) {
    refuse('points', `Points go from 0 to ${assignment.maxPoints}.`)
  }
  const lateDays = submission.lateDays ?? 0
  const penaltyPercent =
    assignment.latePolicy === 'penalty' && lateDays > 0 ? Math.min(100, lateDays * (assignment.latePenaltyPercentPerDay ?? 0)) : 0
  return { points, rubricScores, penaltyPercent, finalPoints: round2(Math.max(0, points * (1 - penaltyPercent / 100))) }
}
