import type { Endpoint } from 'payload'

import { resendNotificationEmail } from '@/domain/notifications/email/resend'
import { readableOr404, requirePerson, routeId } from '@/http/requestHelpers'
import { NOTIFICATION_EMAILS } from '@/shared/slugs'

/** `POST /api/notification-emails/:id/resend`: the school's admins send a notification mail again now. */
export const resendEmail: Endpoint = {
  path: '/:id/resend',
  method: 'post',
  handler: async (req) => {
    requirePerson(req, 'send a mail again')
    const mail = await readableOr404(req, NOTIFICATION_EMAILS, routeId(req, 'id', 'mail'), 'mail', { roleRefused: 403 })
    await resendNotificationEmail(req, mail.id)
    return Response.json({ message: 'Queued to be sent again now.', mail: mail.id }, { status: 202 })
  },
}
