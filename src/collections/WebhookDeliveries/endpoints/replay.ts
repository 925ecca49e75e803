import type { Endpoint } from 'payload'


import { replayDelivery as replay } from '@/domain/webhooks/manage'
import { readableOr404, requirePerson, routeId } from '@/http/requestHelpers'
import { WEBHOOK_DELIVERIES } from '@/shared/slugs'

/** `POST /api/webhook-deliveries/:id/replay`: the school's admins send a delivery again now. */
export const replayDelivery: Endpoint = {
  path: '/:id/replay',
  method: 'post',
  handler: async (req) => {
    requirePerson(req, 'replay a delivery')
    const delivery = await readableOr404(req, WEBHOOK_DELIVERIES, routeId(req, 'id', 'delivery'), 'delivery', { roleRefused: 403 })
    const attempt = await replay({ req, delivery })
    return Response.json({ message: attempt.ok ? `Delivered (${attempt.status}).` : `Not delivered: ${attempt.error ?? attempt.status}.`, attempt })
  },
}
