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

/**
 * Progress is the share of required lessons done, in whole percent. A course without
 * required lessons counts all of its lessons. Lessons removed from the course no
 * longer count either way.
 */
export const progressOf = (lessons: LessonRef[], done: Completion[]): { percent: number; complete: boolean } => {
  const counted = lessons.some((l) => l.required) ? lessons.filter((l) => l.required) : lessons
  if (counted.length === 0) {
    return { percent: 0, complete: false }
  }
  const finished = new Set(done.map((c) => c.lesson))
  const count = counted.filter((l) => finished.has(l.id)).length
  return { percent: Math.floor((count * 100) / counted.length), complete: count === counted.length }
}
