import type { PayloadRequest } from 'payload'

import type { Course } from '@/payload-types'

import { recordEvent } from '@/domain/events/recordEvent'
import { relationId } from '@/shared/relationId'
import { COURSES } from '@/shared/slugs'

/** A course becoming published (not a draft saved beside it), and a course being archived. */
export const recordCourseEvents = async ({ req, doc, previous }: { req: PayloadRequest; doc: Course; previous: Course | undefined }): Promise<void> => {
  const common = { tenant: relationId(doc.tenant) ?? null, subject: { collection: COURSES, id: doc.id } }
  const payload = { course: doc.id, slug: doc.slug, title: doc.title }
  if (doc._status === 'published' && previous?._status !== 'published') {
    await recordEvent(req, { ...common, type: 'course.published', payload })
  }
  if (doc.archived === true && previous?.archived !== true) {
    await recordEvent(req, { ...common, type: 'course.archived', payload })
  }
}
