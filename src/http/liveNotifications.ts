import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Payload, SanitizedConfig } from 'payload'

import { createLocalReq, getPayload } from 'payload'
import { type WebSocket, WebSocketServer } from 'ws'

import { type LiveNotification, notificationsAfter, notificationsByIds, unreadCount, unreadCounts } from '@/domain/notifications/inbox'
import { LIVE_CHANNEL, readLiveMessage } from '@/domain/notifications/live'
import { listMemberships } from '@/domain/identity/memberships'
import { sql } from '@payloadcms/db-postgres'

import { sqlList } from '@/services/database/adapter'
import { sqlHandle } from '@/services/database/transactions'
import { subscribe } from '@/services/redis/pubsub'
import { referenceId } from '@/shared/referenceId'
import { resolveTenant } from '@/tenancy/resolveTenant'

import { forPayload } from './crossSite'

/** At most this many missed notifications are sent on reconnecting; past it the client reads the list over REST. */
const CATCH_UP_LIMIT = 200
const HEARTBEAT_MS = 30_000
/** Sockets one person may hold in one process (tabs and devices); a new one past it is refused. */
const SOCKETS_PER_PERSON = 8
/** A client that reads nothing while this much waits to be sent to it is dropped, not buffered for. */
const MAX_BUFFERED_BYTES = 256 * 1024

type Client = { socket: WebSocket; person: number; tenant: number; alive: boolean; session: string | null; expiresAt: number | null }

/** This process's open sockets, by person. */
const clients = new Map<number, Set<Client>>()
let listening = false

const send = (client: Client, message: unknown) => {
  if (client.socket.readyState !== client.socket.OPEN) {
    return
  }
  if (client.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
    client.socket.terminate()
    return
  }
  client.socket.send(JSON.stringify(message))
}

/** The session and expiry a JWT names (it was verified by Payload's strategy before this reads it). */
const tokenFacts = (headers: Headers): { session: string | null; expiresAt: number | null } => {
  const cookie = /(?:^|;\s*)payload-token=([^;]+)/.exec(headers.get('cookie') ?? '')?.[1]
  const bearer = /^JWT\s+(\S+)$/i.exec(headers.get('authorization') ?? '')?.[1]
  const token = bearer ?? cookie
  try {
    const claims = JSON.parse(Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sid?: string; exp?: number }
    return { session: typeof claims.sid === 'string' ? claims.sid : null, expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : null }
  } catch {
    return { session: null, expiresAt: null }
  }
}

/**
 * A socket lives no longer than what opened it: at each heartbeat, sockets whose token has
 * expired, whose session was ended (logout, password reset, revocation) or whose membership of
 * the school was suspended or removed are closed, all checked in one statement.
 */
export const checkLiveSockets = async (payload: Payload): Promise<void> => {
  const all = [...clients.values()].flatMap((set) => [...set])
  if (all.length === 0) {
    return
  }
  const now = Date.now()
  const req = await createLocalReq({}, payload)
  const db = await sqlHandle(req)
  const { rows } = await db.execute(sql`
    select c.person, c.tenant, c.session,
      exists (select 1 from users_tenants m join tenants t on t.id = m.tenant_id where m._parent_id = c.person and m.tenant_id = c.tenant and not coalesce(m.suspended, false) and t.status = 'active') as member,
      (c.session is null or exists (select 1 from users_sessions s where s._parent_id = c.person and s.id = c.session and s.expires_at > now())) as signed_in
    from unnest(${sqlList(all.map((c) => c.person))}::int[], ${sqlList(all.map((c) => c.tenant))}::int[], ${sqlList(all.map((c) => c.session ?? ''))}::text[]) as c(person, tenant, session)`)
  const standing = new Set((rows as { person: number; tenant: number; session: string; member: boolean; signed_in: boolean }[]).filter((r) => r.member && r.signed_in).map((r) => `${r.person}|${r.tenant}|${r.session}`))
  for (const client of all) {
    if ((client.expiresAt !== null && client.expiresAt <= now) || !standing.has(`${client.person}|${client.tenant}|${client.session ?? ''}`)) {
      client.socket.close(4401, 'Signed out.')
    }
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
  // Sockets whose peer went away without closing are found by their missing pong; those whose
  // session or membership ended are closed.
  setInterval(() => {
    void checkLiveSockets(payload).catch((error: unknown) => payload.logger.error({ err: error, msg: 'notifications: checking live sockets failed' }))
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
      // A cookie sent from a page of another site is not the person asking (cross-site WebSocket
      // hijacking): dropped; from a trusted origin (a school's own domain too) Payload is shown
      // the platform's, as the API gate does for REST.
      const { headers: seen } = await forPayload(new Request(url, { headers }), resolution)
      const { user } = await payload.auth({ headers: seen })
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
      const after = afterParam === null ? undefined : (referenceId(afterParam) ?? (afterParam === '0' ? 0 : undefined))
      if (afterParam !== null && after === undefined) {
        refuse(socket, 400, 'after must be the id of the last notification the client had.')
        return
      }
      if ((clients.get(Number(user.id))?.size ?? 0) >= SOCKETS_PER_PERSON) {
        refuse(socket, 429, 'Too many open notification sockets: close one first.')
        return
      }
      listen(payload)
      server.handleUpgrade(request, socket, head, (ws) => {
        const client: Client = { socket: ws, person: Number(user.id), tenant, alive: true, ...tokenFacts(seen) }
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
