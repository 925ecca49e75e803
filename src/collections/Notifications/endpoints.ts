import type { Endpoint, PayloadRequest } from 'payload'

import { markRead, unreadCount } from '@/domain/notifications/inbox'
import { readRequest } from '@/http/notificationRequests'
import { optionalJsonBody, requirePerson } from '@/http/requestHelpers'

const person = (req: PayloadRequest) => requirePerson(req, 'read your notifications').id

/** `GET /api/notifications/unread-count`: `{ unread }`, the signed-in person's unread notifications. */
export const unreadCountEndpoint: Endpoint = {
  path: '/unread-count',
  method: 'get',
  handler: async (req) => Response.json({ unread: await unreadCount(req, person(req)) }, { headers: { 'Cache-Control': 'no-store' } }),
}

/** `POST /api/notifications/read` with `{ ids }` or `{ all: true }`: marks the person's own notifications read. */
export const markReadEndpoint: Endpoint = {
  path: '/read',
  method: 'post',
  handler: async (req) => {
    const who = person(req)
    return Response.json(await markRead(req, who, readRequest(await optionalJsonBody(req))))
  },
}
