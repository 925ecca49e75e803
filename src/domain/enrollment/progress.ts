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

/** Whether a course requires a share of its live classes' time, and whether the student has attended it. */
export type AttendanceStanding = { required: boolean; met: boolean }

/**
 * Progress is the share of required work done, in whole percent: the required lessons
 * (all lessons when none is required; removed lessons no longer count), the assignments
 * required for completion, passed when graded at or above their pass mark, and, when the
 * course asks for it, the share of its live classes attended, counting as one more item.
 */
export const progressOf = (
  lessons: LessonRef[],
  done: Completion[],
  assignments: AssignmentStanding = { required: 0, passed: 0 },
  attendance: AttendanceStanding = { required: false, met: false },
): { percent: number; complete: boolean } => {
  const counted = lessons.some((l) => l.required) ? lessons.filter((l) => l.required) : lessons
  const total = counted.length + assignments.required + (attendance.required ? 1 : 0)
  if (total === 0) {
    return { percent: 0, complete: false }
  }
  const finished = new Set(done.map((c) => c.lesson))
  const count = counted.filter((l) => finished.has(l.id)).length + Math.min(assignments.passed, assignments.required) + (attendance.required && attendance.met ? 1 : 0)
  return { percent: Math.floor((count * 100) / total), complete: count === total }
}
