import type { PayloadRequest } from 'payload'

import type { DomainEvent, User } from '@/payload-types'

import { learnerNoticeEmail } from '@/services/mail/accountEmails'
import { settings } from '@/settings'
import { relationId } from '@/shared/relationId'
import { COURSES, TENANTS, USERS } from '@/shared/slugs'

type Mail = { to: string; subject: string; html: string }

/** The learner site's page of a course, in its school. */
const coursePage = async (req: PayloadRequest, courseId: number, tenantId: number | undefined): Promise<string> => {
  const course = await req.payload.findByID({ collection: COURSES, id: courseId, depth: 0, select: { slug: true }, overrideAccess: true, disableErrors: true, req })
  const school = tenantId === undefined ? null : await req.payload.findByID({ collection: TENANTS, id: tenantId, depth: 0, select: { slug: true }, overrideAccess: true, disableErrors: true, req })
  return `${settings.serverUrl}/learn/courses/${encodeURIComponent(course?.slug ?? '')}${school ? `?school=${encodeURIComponent(school.slug)}` : ''}`
}

/** The mail a notified event becomes, to the learner it concerns; none when there is nobody to tell. */
export const notificationMail = async (req: PayloadRequest, event: DomainEvent): Promise<Mail | undefined> => {
  const data = event.payload as Record<string, unknown>
  const personId = Number(data.student ?? data.holder ?? data.person)
  const person = (await req.payload.findByID({ collection: USERS, id: personId, depth: 0, overrideAccess: true, disableErrors: true, req })) as User | null
  if (!person) {
    return undefined
  }
  const tenant = relationId(event.tenant)
  const mail =
    event.type === 'certificate.issued'
      ? learnerNoticeEmail('certificateIssued', person, `${settings.serverUrl}/verify/${encodeURIComponent(String(data.serial))}`)
      : event.type === 'submission.grade-released'
        ? learnerNoticeEmail('gradeReleased', person, await coursePage(req, Number(data.course), tenant))
        : event.type === 'enrollment.activated'
          ? learnerNoticeEmail('enrollmentApproved', person, await coursePage(req, Number(data.course), tenant))
          : undefined
  return mail && { to: person.email, ...mail }
}
