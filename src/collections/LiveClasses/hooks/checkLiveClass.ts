import type { CollectionBeforeChangeHook } from 'payload'

import { isCourseStaff } from '@/domain/identity/staff'
import { type LiveClassData, planLiveClass } from '@/domain/live/schedule'
import { forbidden } from '@/shared/domainError'
import { referenceId } from '@/shared/referenceId'

declare module 'payload' {
  interface RequestContext {
    /** A write of the meeting's side by the Zoom job: not a person's change, nothing to plan. */
    zoomSync?: boolean
  }
}

/** A person schedules or changes a class of a course they look after (src/domain/live/schedule.ts). */
export const checkLiveClass: CollectionBeforeChangeHook = async ({ data, originalDoc, req }) => {
  if (req.context.zoomSync) {
    return data
  }
  const course = referenceId(data.course ?? originalDoc?.course) ?? undefined
  if (req.user && !(await isCourseStaff(req, { tenant: data.tenant ?? originalDoc?.tenant, course }))) {
    throw forbidden('Only the course’s instructors and the school’s admins schedule its classes.')
  }
  return planLiveClass({ req, data: data as LiveClassData, original: originalDoc as LiveClassData | undefined })
}
