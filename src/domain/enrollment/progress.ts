import type { Course } from '@/payload-types'

export type LessonRef = {
  id: string
  required: boolean
  releaseAfterDays: number | null
}

/** Every lesson of a course's outline, in order. */
export const lessonsOf = (course: Pick<Course, 'sections'>): LessonRef[] =>
  (course.sections ?? []).flatMap((section) =>
    (section.lessons ?? []).flatMap((lesson) =>
      lesson.id ? [{ id: lesson.id, required: lesson.required !== false, releaseAfterDays: lesson.releaseAfterDays ?? null }] : [],
    ),
  )

export type Completion = { lesson: string; at: string }

/** Reads the stored completions defensively: the column is JSON. */
export const completionsOf = (value: unknown): Completion[] =>
  Array.isArray(value)
    ? value.filter((c): c is Completion => typeof c === 'object' && c !== null && typeof (c as Completion).lesson === 'string')
    : []

/** Required assignments of a course, and how many of them a student has passed. */
export type AssignmentStanding = { required: number; passed: number }

/**
 * Progress is the share of required work done, in whole percent: the required lessons
 * (all lessons when none is required; removed lessons no longer count) and the
 * assignments required for completion, passed when graded at or above their pass mark.
 */
export const progressOf = (
  lessons: LessonRef[],
  done: Completion[],
  assignments: AssignmentStanding = { required: 0, passed: 0 },
): { percent: number; complete: boolean } => {
  const counted = lessons.some((l) => l.required) ? lessons.filter((l) => l.required) : lessons
  const total = counted.length + assignments.required
  if (total === 0) {
    return { percent: 0, complete: false }
  }
  const finished = new Set(done.map((c) => c.lesson))
  const count = counted.filter((l) => finished.has(l.id)).length + Math.min(assignments.passed, assignments.required)
  return { percent: Math.floor((count * 100) / total), complete: count === total }
}
