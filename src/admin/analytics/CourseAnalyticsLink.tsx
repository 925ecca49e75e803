import type { ServerProps } from 'payload'

import { Button } from '@payloadcms/ui'
import { createLocalReq } from 'payload'
import React from 'react'

import { isCourseStaff } from '@/domain/identity/staff'
import { COURSES } from '@/shared/slugs'
import { relationId } from '@/shared/relationId'

import { analyticsURL } from './paths'
import { analyticsStrings } from './strings'

/**
 * "View analytics" beside a course's save buttons, for those the analytics view
 * would let in (the same `isCourseStaff` rule); nothing on a course being created.
 */
export const CourseAnalyticsLink = async ({ id, i18n, payload, user }: ServerProps) => {
  if (id === undefined || !user) {
    return null
  }
  // Document slots get no request; a local one carries the user for the access rule.
  const req = await createLocalReq({ user }, payload)
  const course = await payload.findByID({ collection: COURSES, id, depth: 0, select: { tenant: true }, overrideAccess: true, req, disableErrors: true })
  if (!course || !(await isCourseStaff(req, { tenant: relationId(course.tenant), course: course.id }))) {
    return null
  }
  return (
    <Button buttonStyle="secondary" el="link" id="course-analytics-link" margin={false} size="medium" to={analyticsURL(payload.config.routes.admin, course.id)}>
      {analyticsStrings(i18n.language).viewAnalytics}
    </Button>
  )
}
