import crypto from 'node:crypto'
import type http from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'

import { flatHeaders } from '../shared/flatHeaders'
import type { LoggedRequest } from '../shared/loggedRequest'
import { type RequestMatch, type RequestRule, takeRule } from '../shared/requestRules'
import { startLoopbackServer } from '../shared/startLoopbackServer'
import type { ZoomEvent } from './events'
import { type At, createLive, type JoinAs, type Participant } from './live'
import { createMeetings, type StandInUser } from './meetings'
import { createPager } from './paging'
import { type BrokenDownload, createRecordings, type RecordOptions } from './recordings'
import { createWebhookSender, type DeliverOptions, type WebhookDelivery, type WebhookTransmission } from './webhooks'
import { gatewayPage, invalidToken, meetingNotFound, type Reply, trackingId, zoomError, zoomId } from './wire'

export type { RequestMatch } from '../shared/requestRules'
export type { ZoomEvent } from './events'
export type { At, JoinAs, Participant } from './live'
export type { StandInUser } from './meetings'
export type { BrokenDownload, RecordOptions } from './recordings'
export type { DeliverOptions, WebhookDelivery, WebhookTransmission } from './webhooks'
export { zoomSignature } from './webhooks'

/** One school's Server-to-Server OAuth app and its Zoom account's users (the first is the owner, `me`). */
export type ZoomStandInAccount = {
  accountId: string
  clientId: string
  clientSecret: string
  /** The app's webhook secret token: signs its notifications. */
  webhookSecret: string
  users: StandInUser[]
  /** Where the app's notifications go; unset, events are made but not sent. */
  webhookUrl?: string
}

export type RecordedRequest = LoggedRequest & {
  /** Parsed JSON (or the text) of a request with a body. */
  body?: unknown
  /** The account the request was made as (from its token or basic credentials), when known. */
  accountId?: string
  /** When it arrived (epoch ms). */
  at: number
}

export type FailNext = RequestMatch & {
  /** 429 as Zoom's rate limiter answers, 500 with Zoom's body, 502/503/504 as a gateway page; 0 drops the connection. */
  status: number
  times?: number
  /** Retry-After: seconds, or a time as it is (a daily limit's `2020-05-31T00:00:00Z`). A daily limit defaults to the next midnight UTC. */
  retryAfter?: number | string
  /** @default 'QPS' */
  rateLimitType?: 'QPS' | 'Daily-limit'
  /** Do the work first and then fail: the answer is lost though the meeting (say) was made. */
  afterHandling?: boolean
}

/** The result of a simulated step: the events Zoom made and, when the account has a webhook URL, their deliveries. */
export type Sent = { events: ZoomEvent[]; deliveries: WebhookDelivery[] }

/** Zoom's rate-limit labels for the endpoints here, and a Pro account's per-second limits. */
const CATEGORY_LIMITS = { Light: 30, Medium: 20, Heavy: 10 }
const categoryOf = (method: string, path: string): keyof typeof CATEGORY_LIMITS => {
  if (path.startsWith('/v2/report/')) {
    return 'Heavy'
  }
  if ((method === 'POST' && /\/meetings$/.test(path)) || (method === 'GET' && /^\/v2\/users$|\/registrants$/.test(path))) {
    return 'Medium'
  }
  return 'Light'
}

/**
 * A path segment naming a meeting: a number, or an instance UUID that Zoom wants encoded twice
 * when it starts with `/` or holds `//` (encoded once, Zoom's gateway reads those as path
 * separators: such a request finds nothing here either).
 */
const meetingIdOf = (raw: string): string | undefined => {
  try {
    const once = decodeURIComponent(raw)
    if (!once.includes('%')) {
      return once.startsWith('/') || once.includes('//') ? undefined : once
    }
    return decodeURIComponent(once)
  } catch {
    return undefined
  }
}

const SCOPES = [
  'user:read:list_users:admin',
  'meeting:read:meeting:admin',
  'meeting:write:meeting:admin',
  'meeting:update:meeting:admin',
  'meeting:delete:meeting:admin',
  'meeting:read:list_meetings:admin',
  'meeting:write:registrant:admin',
  'meeting:read:list_registrants:admin',
  'meeting:delete:registrant:admin',
  'report:read:list_meeting_participants:admin',
  'cloud_recording:read:list_recording_files:admin',
  'cloud_recording:read:content:admin',
  'cloud_recording:delete:recording_file:admin',
]

const oauthError = (error: string, reason: string): Reply => ({ status: 400, body: { reason, error } })

/**
 * Zoom on 127.0.0.1 for several accounts (one per school): Server-to-Server OAuth tokens that
 * expire, users, meetings with occurrences, registrants with their own join links, the past
 * participants report, cloud recordings with real bytes behind expiring download tokens, and
 * webhook notifications signed as Zoom signs them. `baseUrl` stands for https://zoom.us (token
 * endpoint, downloads), `apiBase` for https://api.zoom.us/v2.
 */
export const startZoomStandIn = async ({
  accounts,
  tokenTtlSeconds = 3599,
}: {
  accounts: ZoomStandInAccount[]
  /** Zoom's tokens live an hour (`expires_in: 3599`). */
  tokenTtlSeconds?: number
}) => {
  const byAccountId = new Map(accounts.map((account) => [account.accountId, account]))
  const tokens = new Map<string, { accountId: string; expiresAt: number }>()
  const refusedCredentials = new Set<string>()
  const faults: RequestRule<Omit<FailNext, keyof RequestMatch>>[] = []
  const delays: RequestRule<{ ms: number }>[] = []
  const requests: RecordedRequest[] = []
  const now = () => Date.now()

  const { baseUrl, serve, close } = await startLoopbackServer({ name: 'zoom stand-in' })
  const meetings = createMeetings({ base: baseUrl, users: (accountId) => byAccountId.get(accountId)?.users ?? [], pager: createPager(), now })
  const recordings = createRecordings({ base: baseUrl, now })
  const live = createLive({ meetings, recordings, now })
  const webhooks = createWebhookSender()

  const issueToken = (req: http.IncomingMessage, url: URL, text: string, record: RecordedRequest): Reply => {
    const [scheme, encoded = ''] = (req.headers.authorization ?? '').split(' ')
    const credentials = scheme?.toLowerCase() === 'basic' ? Buffer.from(encoded, 'base64').toString('utf8') : ''
    const colon = credentials.indexOf(':')
    const clientId = colon > 0 ? credentials.slice(0, colon) : ''
    const account = accounts.find((candidate) => candidate.clientId === clientId)
    if (!account || account.clientSecret !== credentials.slice(colon + 1) || refusedCredentials.has(account.accountId)) {
      return oauthError('invalid_client', 'Invalid client_id or client_secret')
    }
    // Zoom documents the grant in the query string; a form body is read the same way.
    const form = new URLSearchParams(text)
    const grant = url.searchParams.get('grant_type') ?? form.get('grant_type')
    if (grant !== 'account_credentials') {
      return oauthError('unsupported_grant_type', 'unsupported grant type')
    }
    const accountId = url.searchParams.get('account_id') ?? form.get('account_id')
    if (accountId !== account.accountId) {
      return oauthError('invalid_request', 'Account does not enabled REST API.')
    }
    record.accountId = account.accountId
    const accessToken = `eyJzdiI6IjAwMDAwMSIsImFsZyI6IkhTNTEyIn0.${crypto.randomBytes(96).toString('base64url')}`
    tokens.set(accessToken, { accountId: account.accountId, expiresAt: now() + tokenTtlSeconds * 1000 })
    return { status: 200, body: { access_token: accessToken, token_type: 'bearer', expires_in: tokenTtlSeconds, scope: SCOPES.join(' '), api_url: baseUrl } }
  }

  /** The account a bearer token stands for; the API takes tokens in the Authorization header only. */
  const bearer = (req: http.IncomingMessage): { accountId: string } | { refusal: Reply } => {
    const match = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')
    const token = match?.[1] ? tokens.get(match[1]) : undefined
    if (!token) {
      return { refusal: invalidToken(false) }
    }
    return token.expiresAt > now() ? { accountId: token.accountId } : { refusal: invalidToken(true) }
  }

  type Handler = (accountId: string, ids: string[], query: URLSearchParams, body: unknown) => Reply
  const withMeeting =
    (handle: (accountId: string, found: NonNullable<ReturnType<typeof meetings.resolve>>, ids: string[], query: URLSearchParams) => Reply): Handler =>
    (accountId, ids, query) => {
      const found = meetings.resolve(accountId, ids[0] ?? '')
      return found ? handle(accountId, found, ids, query) : meetingNotFound(ids[0] ?? '')
    }
  const API_ROUTES: { method: string; pattern: RegExp; handle: Handler }[] = [
    { method: 'GET', pattern: /^\/v2\/users$/, handle: (accountId, _ids, query) => meetings.listUsers(accountId, query) },
    { method: 'GET', pattern: /^\/v2\/users\/([^/]+)\/meetings$/, handle: (accountId, [userId = ''], query) => meetings.listMeetings(accountId, userId, query) },
    { method: 'POST', pattern: /^\/v2\/users\/([^/]+)\/meetings$/, handle: (accountId, [userId = ''], _query, body) => meetings.createMeeting(accountId, userId, body) },
    { method: 'GET', pattern: /^\/v2\/meetings\/([^/]+)$/, handle: (accountId, [id = ''], query) => meetings.getMeeting(accountId, id, query) },
    { method: 'PATCH', pattern: /^\/v2\/meetings\/([^/]+)$/, handle: (accountId, [id = ''], query, body) => meetings.updateMeeting(accountId, id, query, body) },
    { method: 'DELETE', pattern: /^\/v2\/meetings\/([^/]+)$/, handle: (accountId, [id = ''], query) => meetings.deleteMeeting(accountId, id, query) },
    { method: 'POST', pattern: /^\/v2\/meetings\/([^/]+)\/registrants$/, handle: (accountId, [id = ''], query, body) => meetings.addRegistrant(accountId, id, query, body) },
    { method: 'GET', pattern: /^\/v2\/meetings\/([^/]+)\/registrants$/, handle: (accountId, [id = ''], query) => meetings.listRegistrants(accountId, id, query) },
    {
      method: 'DELETE',
      pattern: /^\/v2\/meetings\/([^/]+)\/registrants\/([^/]+)$/,
      handle: (accountId, [id = '', registrantId = '']) => meetings.deleteRegistrant(accountId, id, registrantId),
    },
    { method: 'GET', pattern: /^\/v2\/report\/meetings\/([^/]+)\/participants$/, handle: (accountId, [id = ''], query) => meetings.reportParticipants(accountId, id, query) },
    {
      method: 'GET',
      pattern: /^\/v2\/meetings\/([^/]+)\/recordings$/,
      handle: withMeeting((_accountId, found, _ids, query) => recordings.getRecordings(found.meeting, found.instance, query)),
    },
    {
      method: 'DELETE',
      pattern: /^\/v2\/meetings\/([^/]+)\/recordings$/,
      handle: withMeeting((_accountId, found) => recordings.deleteRecordings(found.meeting, found.instance)),
    },
    {
      method: 'DELETE',
      pattern: /^\/v2\/meetings\/([^/]+)\/recordings\/([^/]+)$/,
      handle: withMeeting((_accountId, found, ids) => recordings.deleteRecordings(found.meeting, found.instance, ids[1])),
    },
  ]

  const route = (req: http.IncomingMessage, url: URL, text: string, record: RecordedRequest): Reply => {
    const method = req.method ?? 'GET'
    const path = url.pathname
    if (path === '/oauth/token') {
      return method === 'POST' ? issueToken(req, url, text, record) : { status: 405, body: { reason: 'Method Not Allowed', error: 'invalid_request' } }
    }
    const download = /^\/rec\/download\/([^/]+)$/.exec(path)
    if (download && method === 'GET') {
      return recordings.download(download[1] ?? '', req.headers.authorization, (token) => {
        const grant = tokens.get(token)
        return grant && grant.expiresAt > now() ? grant.accountId : undefined
      })
    }
    const signed = /^\/rec\/stream\/([^/]+)$/.exec(path)
    if (signed && method === 'GET') {
      return recordings.stream(signed[1] ?? '', url.searchParams)
    }
    const found = API_ROUTES.map((candidate) => ({ candidate, match: candidate.pattern.exec(path) })).filter(({ match }) => match)
    if (found.length === 0) {
      return zoomError(404, 404, 'Not Found')
    }
    const hit = found.find(({ candidate }) => candidate.method === method)
    if (!hit) {
      return zoomError(405, 405, 'Method Not Allowed')
    }
    const caller = bearer(req)
    if ('refusal' in caller) {
      return caller.refusal
    }
    record.accountId = caller.accountId
    let body: unknown
    if (text) {
      try {
        body = JSON.parse(text) as unknown
      } catch {
        return zoomError(400, 300, 'Request Body should be a valid JSON object.')
      }
    }
    const ids = (hit.match?.slice(1) ?? []).map(meetingIdOf)
    if (ids.some((id) => id === undefined)) {
      return meetingNotFound(hit.match?.[1] ?? '')
    }
    return hit.candidate.handle(caller.accountId, ids as string[], url.searchParams, body)
  }

  const rateLimited = (method: string, path: string, fault: Omit<FailNext, keyof RequestMatch>): Reply => {
    const category = categoryOf(method, path)
    const daily = fault.rateLimitType === 'Daily-limit'
    const midnight = new Date(now())
    midnight.setUTCHours(24, 0, 0, 0)
    const retryAfter = fault.retryAfter ?? (daily ? midnight.toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined)
    const limit = daily ? 30_000 : CATEGORY_LIMITS[category]
    return {
      status: 429,
      headers: {
        'X-RateLimit-Category': category,
        'X-RateLimit-Type': daily ? 'Daily-limit' : 'QPS',
        'X-RateLimit-Limit': String(limit),
        'X-RateLimit-Remaining': '0',
        ...(retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) }),
      },
      body: {
        code: 429,
        message: daily
          ? `You have exceeded the daily rate limit (${limit}) of ${category} API requests permitted for this particular account. You may resume these requests at GMT 00:00:00.`
          : 'You have reached the maximum per-second rate limit for this API. Try again later.',
      },
    }
  }

  const answer = async (res: http.ServerResponse, reply: Reply, method: string, path: string) => {
    const headers: Record<string, string> = { 'x-zm-trackingid': trackingId(), ...reply.headers }
    if (path.startsWith('/v2/') && !headers['X-RateLimit-Category']) {
      const category = categoryOf(method, path)
      Object.assign(headers, { 'X-RateLimit-Category': category, 'X-RateLimit-Limit': String(CATEGORY_LIMITS[category]), 'X-RateLimit-Remaining': String(CATEGORY_LIMITS[category] - 1) })
    }
    if (reply.stream) {
      res.writeHead(reply.status, headers)
      await reply.stream(res)
    } else if (reply.text !== undefined) {
      res.writeHead(reply.status, headers).end(reply.text)
    } else if (reply.body === undefined) {
      res.writeHead(reply.status, headers).end()
    } else {
      res.writeHead(reply.status, { 'Content-Type': 'application/json;charset=UTF-8', ...headers }).end(JSON.stringify(reply.body))
    }
  }

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse, text: string) => {
    const url = new URL(req.url ?? '/', baseUrl)
    const method = req.method ?? 'GET'
    const path = url.pathname
    const record: RecordedRequest = { method, path, search: url.search, headers: flatHeaders(req.headers), at: now() }
    if (text) {
      try {
        record.body = JSON.parse(text) as unknown
      } catch {
        record.body = text
      }
    }
    requests.push(record)
    const delay = takeRule(delays, method, path)
    if (delay) {
      await sleep(delay.ms)
    }
    const fault = takeRule(faults, method, path)
    const reply = fault && !fault.afterHandling ? undefined : route(req, url, text, record)
    if (fault) {
      record.status = fault.status
      if (fault.status === 0) {
        res.destroy()
        return
      }
      await answer(res, fault.status === 429 ? rateLimited(method, path, fault) : gatewayPage(fault.status), method, path)
      return
    }
    if (reply) {
      record.status = reply.status
      await answer(res, reply, method, path)
    }
  }

  serve({
    handle,
    failed: (res) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code: 500, message: 'Internal Error.' }))
      } else {
        res.destroy()
      }
    },
  })

  const accountOf = (accountId: string): ZoomStandInAccount => {
    const account = byAccountId.get(accountId)
    if (!account) {
      throw new Error(`Zoom stand-in: no account ${accountId}`)
    }
    return account
  }

  /** Sends a step's events in order to the meeting's account's webhook URL, if it has one. */
  const send = async (events: ZoomEvent[], options?: DeliverOptions): Promise<Sent> => {
    const deliveries: WebhookDelivery[] = []
    for (const event of events) {
      const account = accountOf(event.payload.account_id)
      if (account.webhookUrl) {
        deliveries.push(...(await webhooks.deliver({ url: account.webhookUrl, secret: account.webhookSecret, event, options })))
      }
    }
    return { events, deliveries }
  }
  const sendUnless = (events: ZoomEvent[], quiet: boolean | undefined): Promise<Sent> => (quiet ? Promise.resolve({ events, deliveries: [] }) : send(events))

  const meetingJson = (meetingId: number | string, accountId?: string): Record<string, unknown> | undefined => {
    const meeting = meetings.meetings.get(Number(meetingId))
    if (!meeting) {
      return undefined
    }
    const reply = meetings.getMeeting(accountId ?? meeting.accountId, String(meeting.id), new URLSearchParams())
    return reply.status === 200 ? (reply.body as Record<string, unknown>) : undefined
  }

  return {
    /** Stands for https://zoom.us: ZOOM_OAUTH_BASE. */
    baseUrl,
    /** Stands for https://api.zoom.us/v2: ZOOM_API_BASE. */
    apiBase: `${baseUrl}/v2`,
    accounts,
    requests,
    /** The next matching requests fail (429 with Zoom's rate-limit headers, 5xx, or a dropped connection). */
    failNext: ({ times = 1, ...rule }: FailNext) => {
      faults.push({ ...rule, left: times })
    },
    /** Forgets faults and delays not used up yet. */
    clearFaults: () => {
      faults.length = 0
      delays.length = 0
    },
    /** Holds matching requests this long before handling them (slow answers, timeouts). */
    delayNext: ({ times = 1, ...rule }: RequestMatch & { ms: number; times?: number }) => {
      delays.push({ ...rule, left: times })
    },
    /** Every access token of an account (all when left out) expires now: the next call answers 401 code 124. */
    expireTokens: (accountId?: string) => {
      for (const token of tokens.values()) {
        if (!accountId || token.accountId === accountId) {
          token.expiresAt = 0
        }
      }
    },
    /** The token endpoint refuses the account's credentials (a rotated secret, a deactivated app) until told otherwise. */
    rejectCredentials: (accountId: string, reject = true) => {
      if (reject) {
        refusedCredentials.add(accountId)
      } else {
        refusedCredentials.delete(accountId)
      }
    },
    /** Every download token stops working: downloads answer 401 until a fresh one is asked for. */
    expireDownloadTokens: recordings.expireDownloadTokens,
    /** The next recording download breaks partway. */
    breakNextDownload: (fault: BrokenDownload) => recordings.breakNextDownload(fault),
    setWebhookUrl: (accountId: string, url: string | undefined) => {
      accountOf(accountId).webhookUrl = url
    },
    /** The meeting as GET /meetings/{id} answers it (for assertions), or undefined once deleted or never made. */
    meeting: meetingJson,
    /** Registrants of a meeting, as the stand-in holds them (join links and their `tk` included). */
    registrants: (meetingId: number | string) => meetings.meetings.get(Number(meetingId))?.registrants ?? [],
    /** The host starts the meeting (and joins it, unless `hostJoins: false`): meeting.started, participant_joined. */
    startMeeting: (meetingId: number | string, options: { at?: At; uuid?: string; hostJoins?: boolean; quiet?: boolean } = {}) =>
      sendUnless(live.start(meetingId, options), options.quiet),
    /** Someone joins: participant_joined, with their registrant id and email when they came through their own link. */
    join: async (meetingId: number | string, as: JoinAs, options: { at?: At; quiet?: boolean } = {}): Promise<Sent & { participant: Participant }> => {
      const { participant, events } = live.join(meetingId, as, options)
      return { participant, ...(await sendUnless(events, options.quiet)) }
    },
    /** They leave (or drop): participant_left. Join again with `{ participant }` to reconnect. */
    leave: (participant: Participant, options: { at?: At; reason?: string; quiet?: boolean } = {}) => sendUnless(live.leave(participant, options), options.quiet),
    /** The meeting ends: participant_left for everyone still in, meeting.ended, and with `record`, recording.completed. */
    endMeeting: async (meetingId: number | string, options: { at?: At; record?: boolean | RecordOptions; quiet?: boolean } = {}) => {
      const { events, instance, recording, downloadToken } = live.end(meetingId, options)
      const sent = await sendUnless(events, options.quiet)
      return { ...sent, instanceUuid: instance.uuid, downloadToken, recordingFiles: recording ? recording.files.map((file) => ({ id: file.id, fileType: file.fileType })) : [] }
    },
    /** Delivers events made earlier (kept with `quiet`), in any order, any number of times, forged or stale if asked. */
    deliver: (events: ZoomEvent | ZoomEvent[], options?: DeliverOptions) => send(Array.isArray(events) ? events : [events], options),
    /** Sends a delivery again byte for byte (same signature and timestamp): an attacker's replay. */
    replay: (transmission: WebhookTransmission) => webhooks.replay(transmission),
    /** Zoom's URL validation of the account's webhook URL (or `url`): whether the answer was right. */
    validateUrl: (accountId: string, { url, options }: { url?: string; options?: DeliverOptions } = {}) => {
      const account = accountOf(accountId)
      const target = url ?? account.webhookUrl
      if (!target) {
        throw new Error(`Zoom stand-in: account ${accountId} has no webhook URL`)
      }
      return webhooks.validateUrl({ url: target, secret: account.webhookSecret, options })
    },
    /** Every delivery made so far. */
    delivered: webhooks.delivered,
    /** A recording file's size and the SHA-256 of its bytes, to compare with what was downloaded. */
    recordingFile: (fileId: string) => recordings.fileDigest(fileId),
    /** Whether a recording file was deleted (or moved to the trash) at Zoom, file by file. */
    recordingFileDeleted: (fileId: string) => recordings.sets.flatMap((set) => set.files).find((file) => file.id === fileId)?.deleted,
    /** Zoom makes the instance's audio transcript after its recording: recording.transcript_completed, with a fresh download token. */
    completeTranscript: async (instanceUuid: string, options: { quiet?: boolean } = {}) => {
      const { set, file } = recordings.addTranscript(instanceUuid)
      const event: ZoomEvent = {
        event: 'recording.transcript_completed',
        event_ts: now(),
        payload: { account_id: set.accountId, object: { ...recordings.recordingJson(set), recording_files: [recordings.fileJson(file)] } },
        download_token: recordings.mintDownloadToken(set.accountId, instanceUuid, 86_400),
      }
      return { fileId: file.id, ...(await sendUnless([event], options.quiet)) }
    },
    close,
  }
}

export type ZoomStandIn = Awaited<ReturnType<typeof startZoomStandIn>>

/** A school's Zoom app in Zoom's look (22-character account and client ids, 32-character secret), with its owner and `hosts` more licensed users. */
export const zoomTestAccount = ({ hosts = 2, timezone = 'Africa/Mogadishu', domain = 'school.test' }: { hosts?: number; timezone?: string; domain?: string } = {}): ZoomStandInAccount => {
  const tag = zoomId(6).toLowerCase()
  const user = (first: string, last: string, local: string): StandInUser => ({
    id: zoomId(22),
    email: `${local}-${tag}@${domain}`,
    first_name: first,
    last_name: last,
    type: 2,
    status: 'active',
    timezone,
  })
  return {
    accountId: zoomId(22),
    clientId: zoomId(22),
    clientSecret: zoomId(32),
    webhookSecret: zoomId(22),
    users: [user('Amina', 'Warsame', 'owner'), ...Array.from({ length: hosts }, (_, index) => user('Host', String(index + 1), `host${index + 1}`))],
  }
}
