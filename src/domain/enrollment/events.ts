import type { PayloadRequest } from 'payload'

import type { EventType } from '@/domain/events/catalog'
import type { Enrollment } from '@/payload-types'

import { recordEvent } from '@/domain/events/recordEvent'
import { relationId } from '@/shared/relationId'
import { ENROLLMENTS } from '@/shared/slugs'

import type { EnrollmentStatus } from './status'

/** The event an enrollment's arrival in each status is. */
const ARRIVING: Record<EnrollmentStatus, EventType> = {
  pending: 'enrollment.requested',
  active: 'enrollment.activated',
  completed: 'enrollment.completed',
  cancelled: 'enrollment.cancelled',
  expired: 'enrollment.expired',
}

/** A new enrollment, or one whose status changed, is an event; other saves (progress) are not. */
export const recordEnrollmentEvents = async ({ req, doc, previous }: { req: PayloadRequest; doc: Enrollment; previous: Enrollment | undefined }): Promise<void> => {
  if (previous && previous.status === doc.status) {
    return
  }
  await recordEvent(req, {
    type: ARRIVING[doc.status] as 'enrollment.activated',
    tenant: relationId(doc.tenant) ?? null,
    subject: { collection: ENROLLMENTS, id: doc.id },
    payload: {
      enrollment: doc.id,
      course: relationId(doc.course)!,
      person: relationId(doc.user)!,
      status: doc.status,
      previousStatus: previous?.status ?? null,
      source: doc.source,
      progress: doc.progress ?? 0,
      at: doc.updatedAt,
    },
  })
}
