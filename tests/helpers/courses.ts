import type { Payload } from 'payload'

import type { Course } from '@/payload-types'

import { lexicalParagraph } from '@/fields/lexicalParagraph'

import { uniq } from './personas'

type CourseData = Partial<Omit<Course, 'id' | 'tenant'>> & { draft?: boolean }

/** A lesson row as the admin panel would send it. */
export const lesson = (title: string, extra: Record<string, unknown> = {}) => ({
  title,
  type: 'text' as const,
  required: true,
  body: lexicalParagraph(`Content of ${title}`),
  ...extra,
})

/** Creates a published course (unless `draft`) in a tenant, with two sections of lessons. */
export const createCourse = async (payload: Payload, tenantId: number, data: CourseData = {}): Promise<Course> => {
  const { draft = false, ...rest } = data
  return payload.create({
    collection: 'courses',
    data: {
      title: `Course ${uniq()}`,
      slug: `course-${uniq()}`,
      language: 'en',
      enrollmentPolicy: 'open',
      sections: [
        { title: 'Basics', lessons: [lesson('First steps'), lesson('Going further')] },
        { title: 'Extras', lessons: [lesson('Optional reading', { required: false })] },
      ],
      ...rest,
      tenant: tenantId,
      _status: draft ? 'draft' : 'published',
    },
    draft,
    overrideAccess: true,
  })
}

/** IDs of a course's lessons, in outline order. */
export const lessonIds = (course: Course): string[] =>
  (course.sections ?? []).flatMap((s) => (s.lessons ?? []).map((l) => l.id!))
