import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import crypto from 'node:crypto'

import { recordDeliveryReport } from '@/domain/notifications/email/deliveryReports'
import { resendNotificationEmail } from '@/domain/notifications/email/resend'
import { settings } from '@/settings'
import { readableOr404, requirePerson, routeId } from '@/http/requestHelpers'
import { NOTIFICATION_EMAILS } from '@/shared/slugs'

/** `POST /api/notification-emails/:id/resend`: the school's admins send a notification mail again now. */
export const resendEmail: Endpoint = {
  path: '/:id/resend',
  method: 'post',
  handler: async (req) => {
    requirePerson(req, 'send a mail again')
    if ((req.user as { kind?: string }).kind === 'integration') {
      throw new APIError('A school’s admins send a mail again in person, not an API key.', 403)
    }
    const mail = await readableOr404(req, NOTIFICATION_EMAILS, routeId(req, 'id', 'mail'), 'mail', { roleRefused: 403 })
    await resendNotificationEmail(req, mail.id)
    return Response.json({ message: 'Queued to be sent again now.', mail: mail.id }, { status: 202 })
  },
}

/**
 * `POST /api/notification-emails/bounces`: the MTA that receives mail for the VERP addresses
 * hands over each delivery report (the raw message as the body), with
 * `Authorization: Bearer <MAIL_BOUNCE_SECRET>` and, when it knows it, `?to=<envelope recipient>`.
 * 202 with what was done; 401 without the secret; 404 when no secret is configured.
 */
export const deliveryReports: Endpoint = {
  path: '/bounces',
  method: 'post',
  handler: async (req) => {
    const secret = settings.mailBounceSecret
    if (!secret) {
      throw new APIError('Delivery reports are not taken here (MAIL_BOUNCE_SECRET is unset).', 404)
    }
    const given = Buffer.from(/^Bearer\s+(.+)$/i.exec(req.headers.get('authorization') ?? '')?.[1] ?? '')
    const expected = Buffer.from(secret)
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      throw new APIError('The delivery report’s secret is missing or wrong.', 401)
    }
    const raw = (await req.text?.()) ?? ''
    if (raw.trim() === '') {
      throw new APIError('Send the delivery report as the body.', 400)
    }
    return Response.json(await recordDeliveryReport(req.payload, raw, req.searchParams.get('to')), { status: 202 })
  },
}
