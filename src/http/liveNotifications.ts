import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Payload, SanitizedConfig } from 'payload'

import { createLocalReq, getPayload } from 'payload'
import { type WebSocket, WebSocketServer } from 'ws'

import { type LiveNotification, notificationsAfter, notificationsByIds, unreadCount, unreadCounts } from '@/domain/notifications/inbox'
import { LIVE_CHANNEL, readLiveMessage } from '@/domain/notifications/live'
import { listMemberships } from '@/domain/identity/memberships'
import { subscribe } from '@/services/redis/pubsub'
import { resolveTenant } from '@/tenancy/resolveTenant'

import { cookiesHonoured } from './crossSite'

/** At most this many missed notifications are sent on reconnecting; past it the client reads the list over REST. */
const CATCH_UP_LIMIT = 200
const HEARTBEAT_MS = 30_000

type Client = { socket: WebSocket; person: number; tenant: number; alive: boolean }

/** This process's open sockets, by person. */
const clients = new Map<number, Set<Client>>()
let listening = false

const send = (client: Client, message: unknown) => {
  if (client.socket.readyState === client.socket.OPEN) {
    client.socket.send(JSON.stringify(message))
  }
}

const shape = (n: LiveNotification) => ({ id: Number(n.id), tenant: Number(n.tenant), kind: n.kind, category: n.category, critical: n.critical, title: n.title, body: n.body, link: n.link, locale: n.locale, readAt: n.readAt, createdAt: n.createdAt })

/** Pushes what another process (or this one) announced to the sockets of the people it concerns here. */
const onAnnounced = (payload: Payload) => async (text: string) => {
  const message = readLiveMessage(text)
  if (!message) {
    return
  }
  const req = await createLocalReq({}, payload)
  if (message.t === 'read') {
    const here = clients.get(message.person)
    if (here) {
      const unread = await unreadCount(req, message.person)
      here.forEach((client) => send(client, { type: 'unread', unread }))
    }
    return
  }
  const mine = message.items.filter(([person]) => clients.get(person)?.size)
  if (mine.length === 0) {
    return
  }
  const [rows, counts] = await Promise.all([notificationsByIds(req, mine.map(([, id]) => id)), unreadCounts(req, [...new Set(mine.map(([person]) => person))])])
  for (const row of rows) {
    for (const client of clients.get(Number(row.person)) ?? []) {
      if (client.tenant === Number(row.tenant)) {
        send(client, { type: 'notification', notification: shape(row), unread: counts.get(Number(row.person)) ?? 0 })
      }
    }
  }
}

const listen = (payload: Payload) => {
  if (listening) {
    return
  }
  listening = true
  subscribe(LIVE_CHANNEL, (text) => {
    void onAnnounced(payload)(text).catch((error: unknown) => payload.logger.error({ err: error, msg: 'notifications: a live push failed' }))
  })
  // Sockets whose peer went away without closing are found by their missing pong.
  setInterval(() => {
    for (const set of clients.values()) {
      for (const client of set) {
        if (!client.alive) {
          client.socket.terminate()
          continue
        }
        client.alive = false
        client.socket.ping()
      }
    }
  }, HEARTBEAT_MS).unref()
}

const refuse = (socket: Duplex, status: number, reason: string) => {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`)
}

const headersOf = (request: IncomingMessage): Headers => {
  const headers = new Headers()
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') {
      headers.set(name, value)
    } else if (Array.isArray(value)) {
      headers.set(name, value.join(', '))
    }
  }
  return headers
}

/**
 * `GET /api/notifications/live?school=<slug>&after=<id>` upgraded to a WebSocket: the signed-in
 * person's new notifications in that school as they happen, and their unread count. Signed in
 * as the REST API is (the `payload-token` cookie, only from an origin the school trusts, or an
 * `Authorization: JWT …` header); a member of the school in good standing; never an API key.
 * With `after`, what came after that notification is sent first (a client that reconnects
 * catches up). Every app process keeps its own sockets and hears what is new over Redis.
 */
export const liveNotifications =
  (config: Promise<SanitizedConfig>) =>
  (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    void (async () => {
      const payload = await getPayload({ config })
      const url = new URL(request.url ?? '/', 'http://localhost')
      const headers = headersOf(request)
      const school = url.searchParams.get('school')
      if (school) {
        headers.set('x-tenant', school)
      }
      const resolution = await resolveTenant(payload, headers)
      if (resolution.kind !== 'tenant') {
        refuse(socket, 400, 'Name the school: ?school=<slug> or the X-Tenant header.')
        return
      }
      // A cookie sent from a page of another site is not the person asking (cross-site WebSocket hijacking).
      if (!cookiesHonoured(new Request(url, { headers }), resolution)) {
        headers.delete('cookie')
      }
      const { user } = await payload.auth({ headers })
      if (!user || user.collection !== 'users' || (user as { kind?: string }).kind === 'integration') {
        refuse(socket, 401, 'Log in to hear your notifications.')
        return
      }
      const tenant = resolution.tenant.id
      if (resolution.tenant.status !== 'active' || !listMemberships(user).some((m) => m.tenantId === tenant && !m.suspended)) {
        refuse(socket, 403, 'You are not a member of this school.')
        return
      }
      const afterParam = url.searchParams.get('after')
      const after = afterParam && /^\d{1,10}$/.test(afterParam) ? Number(afterParam) : undefined
      listen(payload)
      server.handleUpgrade(request, socket, head, (ws) => {
        const client: Client = { socket: ws, person: Number(user.id), tenant, alive: true }
        const set = clients.get(client.person) ?? new Set()
        set.add(client)
        clients.set(client.person, set)
        ws.on('pong', () => (client.alive = true))
        ws.on('error', () => ws.terminate())
        ws.on('close', () => {
          set.delete(client)
          if (set.size === 0) {
            clients.delete(client.person)
          }
        })
        void (async () => {
          const req = await createLocalReq({}, payload)
          if (after !== undefined) {
            const missed = await notificationsAfter(req, client.person, tenant, after, CATCH_UP_LIMIT + 1)
            for (const row of missed.slice(0, CATCH_UP_LIMIT)) {
              send(client, { type: 'notification', notification: shape(row), catchUp: true })
            }
            send(client, { type: 'caught-up', count: Math.min(missed.length, CATCH_UP_LIMIT), truncated: missed.length > CATCH_UP_LIMIT })
          }
          send(client, { type: 'hello', school: resolution.tenant.slug, unread: await unreadCount(req, client.person) })
        })().catch((error: unknown) => {
          payload.logger.error({ err: error, msg: 'notifications: a live socket could not start' })
          ws.close(1011, 'Something went wrong.')
        })
      })
    })().catch((error: unknown) => {
      console.error('notifications: a live socket could not be opened', error)
      refuse(socket, 503, 'Notifications are not available now; try again shortly.')
    })
  }

// Upgrades are handed over by our HTTP server; this one only speaks the protocol.
const server = new WebSocketServer({ noServer: true, maxPayload: 4096 })

/** How many live sockets this process holds (for the benchmark and metrics). */
export const liveSocketCount = (): number => [...clients.values()].reduce((sum, set) => sum + set.size, 0)
