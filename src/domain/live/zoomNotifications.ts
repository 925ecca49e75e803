import type { PayloadRequest } from 'payload'

import { createHash } from 'node:crypto'

import { receiveProviderEvent } from '@/domain/payments/providerEvents'
import { verifyZoomSignature, zoomUrlValidationAnswer } from '@/services/zoom'
import { TENANTS } from '@/shared/slugs'

import { applyRecordedZoomEvent, type ZoomNotification } from './zoomEvents'
import { openZoomSecret, zoomSettingsOf } from './zoomSettings'

export type ZoomAnswer = { status: number; body: Record<string, unknown> }

/** An unknown school, a school without Zoom and a bad signature answer alike: the URL tells nothing. */
const REFUSED: ZoomAnswer = { status: 401, body: { errors: [{ message: 'This Zoom notification could not be verified.' }] } }

const invalid = (message: string): ZoomAnswer => ({ status: 400, body: { errors: [{ message }] } })

/** The secret token a school's Zoom app signs with, if the school has Zoom turned on. */
const webhookSecretOf = async (req: PayloadRequest, slug: string): Promise<{ school: number; secret: string } | undefined> => {
  // Not a slug at all (a NUL, a path): no school to look up.
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(slug)) {
    return undefined
  }
  const school = (await req.payload.find({ collection: TENANTS, where: { slug: { equals: slug } }, limit: 1, pagination: false, depth: 0, select: { slug: true }, overrideAccess: true, req })).docs[0]
  const settings = school ? await zoomSettingsOf(req, school.id) : undefined
  const secret = settings?.enabled ? openZoomSecret(settings, 'webhookSecret') : undefined
  return school && secret ? { school: school.id, secret } : undefined
}

/**
 * A notification from a school's Zoom app (`POST /api/webhooks/zoom/<school slug>`): its
 * signature and timestamp are checked against the school's own secret token before the body is
 * read; Zoom's URL validation is answered; any other event is recorded once (Zoom's events
 * carry no id and a retry carries the same body, so the hash of the school and body is the id), for live
 * classes to apply. Answered at once: Zoom tries again when an answer takes over 3 seconds.
 */
export const receiveZoomNotification = async ({ req, school: slug, rawBody, signature, timestamp }: { req: PayloadRequest; school: string; rawBody: string; signature: string | null; timestamp: string | null }): Promise<ZoomAnswer> => {
  const known = await webhookSecretOf(req, slug)
  if (!known) {
    return REFUSED
  }
  const check = verifyZoomSignature({ secret: known.secret, rawBody, signature, timestamp })
  if (!check.valid) {
    req.payload.logger.warn({ msg: `live classes: a Zoom notification for ${slug} failed verification (${check.reason})` })
    return REFUSED
  }
  let notification: { event?: unknown; event_ts?: unknown; payload?: { plainToken?: unknown } & Record<string, unknown> }
  try {
    notification = JSON.parse(rawBody) as typeof notification
  } catch {
    return invalid('A Zoom notification is a JSON event.')
  }
  if (typeof notification?.event !== 'string' || typeof notification.payload !== 'object' || notification.payload === null) {
    return invalid('A Zoom notification names its event and carries a payload.')
  }
  if (notification.event === 'endpoint.url_validation') {
    const plainToken = notification.payload.plainToken
    return typeof plainToken === 'string' && plainToken !== '' ? { status: 200, body: zoomUrlValidationAnswer({ secret: known.secret, plainToken }) } : invalid('The URL validation carries no plainToken.')
  }
  // Per school: two schools sharing one Zoom account are each told of its events.
  const eventId = createHash('sha256').update(`${known.school}:`).update(rawBody).digest('hex')
  const received = await receiveProviderEvent({ app: req.payload, provider: 'zoom', eventId, type: notification.event, school: known.school, event: notification })
  if (received.status === 'received' || received.status === 'failed') {
    // Applied now, in a few statements: a failure is left to the provider events job, and Zoom still hears 200.
    // At most 2 s waiting for the class's lock (another event of it being applied): Zoom wants its answer within 3.
    await applyRecordedZoomEvent(req, received.id, known.school, notification as ZoomNotification, { waitMs: 2_000 })
  }
  return { status: 200, body: { received: true, duplicate: received.duplicate } }
}
