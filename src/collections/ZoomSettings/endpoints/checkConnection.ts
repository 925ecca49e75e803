import type { Endpoint } from 'payload'

import { checkZoomConnection } from '@/domain/live/zoomConnection'
import { readableOr404, requirePerson, routeId } from '@/http/requestHelpers'
import { ZOOM_SETTINGS } from '@/shared/slugs'

/** `POST /api/zoom-settings/:id/check`: the school's admins check its Zoom connection (src/domain/live/zoomConnection.ts). */
export const checkConnection: Endpoint = {
  path: '/:id/check',
  method: 'post',
  handler: async (req) => {
    requirePerson(req, 'check the Zoom connection')
    const settings = await readableOr404(req, ZOOM_SETTINGS, routeId(req, 'id', 'Zoom settings'), 'Zoom settings')
    // Read as the system: the sealed client secret is hidden from every request.
    const sealed = await req.payload.findByID({ collection: ZOOM_SETTINGS, id: settings.id, depth: 0, overrideAccess: true, req })
    return Response.json(await checkZoomConnection(req, sealed))
  },
}
