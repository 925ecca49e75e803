import type { Endpoint } from 'payload'

import { receiveZoomNotification } from '@/domain/live/zoomNotifications'
import { systemRequestFor } from '@/services/database/transactions'
import { ZOOM_SIGNATURE_HEADER, ZOOM_TIMESTAMP_HEADER } from '@/services/zoom'

/** `POST /api/webhooks/zoom/<school slug>`: each school's own Zoom app reports here (src/domain/live/zoomNotifications.ts). */
export const zoomWebhook: Endpoint = {
  path: '/webhooks/zoom/:school',
  method: 'post',
  handler: async (incoming) => {
    const school = typeof incoming.routeParams?.school === 'string' ? incoming.routeParams.school : ''
    const rawBody = (await incoming.text?.()) ?? ''
    const answer = await receiveZoomNotification({
      req: await systemRequestFor(incoming),
      school,
      rawBody,
      signature: incoming.headers.get(ZOOM_SIGNATURE_HEADER),
      timestamp: incoming.headers.get(ZOOM_TIMESTAMP_HEADER),
    })
    return Response.json(answer.body, { status: answer.status, headers: { 'Cache-Control': 'no-store' } })
  },
}
