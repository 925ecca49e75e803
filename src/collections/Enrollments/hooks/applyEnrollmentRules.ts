import type { CollectionBeforeChangeHook } from 'payload'

import type { Enrollment } from '@/payload-types'

import { checkEnrollmentWrite } from '@/domain/enrollment/rules'

/** Every enrollment write, whoever makes it, passes the enrollment domain's rules. */
export const applyEnrollmentRules: CollectionBeforeChangeHook<Enrollment> = async ({ data, originalDoc, operation, req }) => {
  await checkEnrollmentWrite({ req, data, before: operation === 'update' ? originalDoc : undefined })
  return data
}
