import type { PayloadRequest } from 'payload'

import type { WebhookDelivery, WebhookEndpoint } from '@/payload-types'

import { sql } from '@payloadcms/db-postgres'

import { inTransaction, sqlHandle } from '@/services/database/transactions'
import type { DeliveryAttempt } from '@/services/webhooks/deliver'
import { conflict } from '@/shared/domainError'
import { relationId } from '@/shared/relationId'
import { WEBHOOK_DELIVERIES, WEBHOOK_ENDPOINTS } from '@/shared/slugs'

import { rotatedSecrets } from './endpointRules'
import { sendDeliveryNow } from './sendDue'

/** A new secret for the endpoint, answered once; the old one keeps signing for a day beside it. */
export const rotateEndpointSecret = async ({ req, endpoint, now = new Date() }: { req: PayloadRequest; endpoint: WebhookEndpoint; now?: Date }) =>
  inTransaction(req, async () => {
    const db = await sqlHandle(req)
    // Read raw: the secret is never readable through the API, not even by the system's own reads.
    const { rows } = await db.execute(sql`select secret from webhook_endpoints where id = ${endpoint.id} for update`)
    const next = rotatedSecrets(rows[0]?.secret as string | null | undefined, now)
    await db.execute(sql`
      update webhook_endpoints set secret = ${next.secret}, secret_hint = ${next.secretHint}, previous_secret = ${next.previousSecret},
        previous_secret_expires_at = ${next.previousSecretExpiresAt}, updated_at = now()
      where id = ${endpoint.id}`)
    return { secret: next.secret, secretHint: next.secretHint, previousSecretExpiresAt: next.previousSecretExpiresAt }
  })

/** Sends a `webhook.test` message to one endpoint now and answers how it went. */
export const sendTestEvent = async ({ req, endpoint, now = new Date() }: { req: PayloadRequest; endpoint: WebhookEndpoint; now?: Date }): Promise<DeliveryAttempt> => {
  if (!endpoint.active) {
    throw conflict('This endpoint is turned off; turn it on to send to it.')
  }
  const body = JSON.stringify({ type: 'webhook.test', timestamp: now.toISOString(), data: { endpoint: endpoint.id, message: 'A test event from Aqoon.' } })
  const delivery = await inTransaction(req, () =>
    req.payload.create({
      collection: WEBHOOK_DELIVERIES,
      data: {
        tenant: relationId(endpoint.tenant),
        endpoint: endpoint.id,
        eventType: 'webhook.test',
        messageId: `msg_test_${crypto.randomUUID()}`,
        body,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now.toISOString(),
      },
      overrideAccess: true,
      req,
    }),
  )
  return (await sendDeliveryNow({ payload: req.payload }, delivery.id)) ?? { ok: false, durationMs: 0, error: 'The delivery was taken by another worker.' }
}

/** Sends a delivery again now, with the same message id (receivers deduplicate on it). */
export const replayDelivery = async ({ req, delivery }: { req: PayloadRequest; delivery: WebhookDelivery }): Promise<DeliveryAttempt> => {
  const endpoint = await req.payload.findByID({ collection: WEBHOOK_ENDPOINTS, id: relationId(delivery.endpoint)!, depth: 0, overrideAccess: true, req })
  if (!endpoint.active) {
    throw conflict('This endpoint is turned off; turn it on to replay deliveries to it.')
  }
  const db = await sqlHandle(req)
  await db.execute(sql`update webhook_deliveries set status = 'pending', next_attempt_at = now(), updated_at = now() where id = ${delivery.id}`)
  return (await sendDeliveryNow({ payload: req.payload }, delivery.id)) ?? { ok: false, durationMs: 0, error: 'The delivery is being sent by a worker already.' }
}
