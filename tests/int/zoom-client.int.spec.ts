import { createHash, createHmac } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import {
  createZoomClient,
  type Meeting,
  verifyZoomSignature,
  ZOOM_SIGNATURE_HEADER,
  ZOOM_TIMESTAMP_HEADER,
  type ZoomClient,
  type ZoomClientOptions,
  ZoomError,
  zoomUrlValidationAnswer,
} from '@/services/zoom'

import { startZoomStandIn, type ZoomStandIn, type ZoomStandInAccount, zoomTestAccount } from '../stand-ins/zoom'

const schoolA = zoomTestAccount()
const schoolB = zoomTestAccount()

let zoom: ZoomStandIn
let clientA: ZoomClient

/** Pauses between tries kept to milliseconds: the counts come from the stand-in's log, never from waiting. */
const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 }

const clientFor = (standIn: ZoomStandIn, account: ZoomStandInAccount, options: Partial<ZoomClientOptions> = {}) =>
  createZoomClient({
    apiBase: standIn.apiBase,
    oauthBase: standIn.baseUrl,
    accountId: account.accountId,
    clientId: account.clientId,
    clientSecret: account.clientSecret,
    retry: FAST_RETRY,
    ...options,
  })

const calls = (standIn: ZoomStandIn, method: string, path: string | RegExp) =>
  standIn.requests.filter((request) => request.method === method && (typeof path === 'string' ? request.path === path : path.test(request.path)))
const tokenCalls = (standIn: ZoomStandIn, account: ZoomStandInAccount) => calls(standIn, 'POST', '/oauth/token').filter((request) => request.accountId === account.accountId)

/** A fresh stand-in for tests that count requests from the first one (tokens are cached per token endpoint and account). */
const withStandIn = async (accounts: ZoomStandInAccount[], test: (standIn: ZoomStandIn) => Promise<void>) => {
  const standIn = await startZoomStandIn({ accounts })
  try {
    await test(standIn)
  } finally {
    await standIn.close()
  }
}

/** The ZoomError a promise rejects with. */
const rejection = async (promise: Promise<unknown>): Promise<ZoomError> => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(ZoomError)
  return error as ZoomError
}

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = []
  for await (const item of items) {
    all.push(item)
  }
  return all
}

const inAWeek = (hours = 10) => {
  const date = new Date(Date.now() + 7 * 86_400_000)
  return `${date.toISOString().slice(0, 10)}T${String(hours).padStart(2, '0')}:00:00`
}

/** A class meeting with registration on, hosted by the school's second user. */
const newClass = (client: ZoomClient, account: ZoomStandInAccount, topic = 'Somali poetry, week 1'): Promise<Meeting> =>
  client.createMeeting({
    userId: account.users[1]?.id,
    meeting: {
      topic,
      type: 2,
      start_time: inAWeek(),
      duration: 60,
      timezone: 'Africa/Mogadishu',
      agenda: 'Gabay and its metres',
      settings: { approval_type: 0, registration_type: 1, join_before_host: false, waiting_room: true, auto_recording: 'cloud' },
    },
  })

beforeAll(async () => {
  zoom = await startZoomStandIn({ accounts: [schoolA, schoolB] })
  clientA = clientFor(zoom, schoolA)
})

afterAll(() => zoom?.close())

describe('access tokens', () => {
  it('should ask for one token for many calls, concurrent ones and other clients of the account included', async () => {
    await withStandIn([schoolA], async (standIn) => {
      const client = clientFor(standIn, schoolA)
      await Promise.all([collect(client.listUsers()), collect(client.listUsers()), collect(client.listUsers())])
      await collect(clientFor(standIn, schoolA).listUsers())
      expect(tokenCalls(standIn, schoolA)).toHaveLength(1)
      const [request] = tokenCalls(standIn, schoolA)
      expect(request?.headers.authorization).toBe(`Basic ${Buffer.from(`${schoolA.clientId}:${schoolA.clientSecret}`).toString('base64')}`)
      expect(Object.fromEntries(new URLSearchParams(request?.search))).toEqual({ grant_type: 'account_credentials', account_id: schoolA.accountId })
      // Tokens travel in the Authorization header only, never in a query string.
      expect(calls(standIn, 'GET', '/v2/users').every((call) => /^Bearer /.test(call.headers.authorization ?? '') && !call.search.includes('access_token'))).toBe(true)
    })
  })

  it('should renew a token before its hour ends, without waiting for a 401', async () => {
    await withStandIn([schoolA], async (standIn) => {
      let clock = Date.now()
      const client = clientFor(standIn, schoolA, { now: () => clock })
      await collect(client.listUsers())
      clock += 3200_000
      await collect(client.listUsers())
      expect(tokenCalls(standIn, schoolA)).toHaveLength(1)
      // Zoom's token says 3599 s; five minutes before that, the client asks for another.
      clock += 100_000
      await collect(client.listUsers())
      expect(tokenCalls(standIn, schoolA)).toHaveLength(2)
      expect(standIn.requests.filter((request) => request.status === 401)).toHaveLength(0)
    })
  })

  it('should drop a token Zoom refuses and make the call once more with a fresh one', async () => {
    await withStandIn([schoolA], async (standIn) => {
      const client = clientFor(standIn, schoolA)
      await collect(client.listUsers())
      standIn.expireTokens(schoolA.accountId)
      expect(await collect(client.listUsers())).toHaveLength(schoolA.users.length)
      expect(tokenCalls(standIn, schoolA)).toHaveLength(2)
      expect(calls(standIn, 'GET', '/v2/users').map((request) => request.status)).toEqual([200, 401, 200])
    })
  })

  it('should refuse wrong credentials with a ZoomError that does not carry the secret', async () => {
    const wrongSecret = `${schoolA.clientSecret.slice(0, -6)}WRONG1`
    const error = await rejection(collect(clientFor(zoom, schoolA, { clientSecret: wrongSecret }).listUsers()))
    expect(error.status).toBe(400)
    expect(error.code).toBe('invalid_client')
    expect(error.message).toContain('Invalid client_id or client_secret')
    expect(`${error.message} ${JSON.stringify(error)} ${error.stack}`).not.toContain(wrongSecret)
  })

  it('should refuse credentials Zoom no longer takes, and a client id of another account', async () => {
    await withStandIn([schoolA, schoolB], async (standIn) => {
      standIn.rejectCredentials(schoolB.accountId)
      expect((await rejection(collect(clientFor(standIn, schoolB).listUsers()))).code).toBe('invalid_client')
      const crossed = await rejection(collect(clientFor(standIn, schoolA, { accountId: schoolB.accountId }).listUsers()))
      expect(crossed.code).toBe('invalid_request')
      expect(crossed.retryable).toBe(false)
    })
  })
})

describe('retries', () => {
  it('should wait out 429s as Retry-After says and then succeed', async () => {
    zoom.failNext({ method: 'GET', path: '/v2/users', status: 429, retryAfter: 0, times: 2 })
    const before = calls(zoom, 'GET', '/v2/users').length
    expect(await collect(clientA.listUsers())).toHaveLength(schoolA.users.length)
    expect(calls(zoom, 'GET', '/v2/users').slice(before).map((request) => request.status)).toEqual([429, 429, 200])

    zoom.failNext({ method: 'GET', path: '/v2/users', status: 429, retryAfter: 1 })
    const started = Date.now()
    await collect(clientA.listUsers())
    // The policy's own pauses are a few milliseconds: the second came from Zoom's Retry-After.
    expect(Date.now() - started).toBeGreaterThanOrEqual(950)
  })

  it('should not wait for a daily limit: the ZoomError says when to come back', async () => {
    // Zoom names the time the daily limit resets (midnight UTC); an hour away here.
    zoom.failNext({ method: 'GET', path: '/v2/users', status: 429, rateLimitType: 'Daily-limit', retryAfter: new Date(Date.now() + 3600_000).toISOString() })
    const before = calls(zoom, 'GET', '/v2/users').length
    const error = await rejection(collect(clientA.listUsers()))
    expect(calls(zoom, 'GET', '/v2/users')).toHaveLength(before + 1)
    expect(error.status).toBe(429)
    expect(error.code).toBe(429)
    expect(error.retryable).toBe(true)
    expect(error.retryAfterSeconds).toBeGreaterThan(10)
    expect(error.zoomMessage).toContain('daily rate limit')
  })

  it('should retry 5xx and dropped connections on reads, with backoff, up to the policy', async () => {
    const meeting = await newClass(clientA, schoolA)
    const path = `/v2/meetings/${meeting.id}`
    zoom.failNext({ method: 'GET', path, status: 502 })
    zoom.failNext({ method: 'GET', path, status: 0 })
    zoom.failNext({ method: 'GET', path, status: 500 })
    expect((await clientA.getMeeting({ meetingId: meeting.id })).id).toBe(meeting.id)
    expect(calls(zoom, 'GET', path).map((request) => request.status)).toEqual([502, 0, 500, 200])

    zoom.failNext({ method: 'GET', path, status: 503, times: 5 })
    const error = await rejection(clientFor(zoom, schoolA, { retry: { ...FAST_RETRY, retries: 2 } }).getMeeting({ meetingId: meeting.id }))
    expect(error.status).toBe(503)
    expect(error.retryable).toBe(true)
    expect(error.message).toContain('503 Service Temporarily Unavailable')
    expect(calls(zoom, 'GET', path).slice(-3).map((request) => request.status)).toEqual([503, 503, 503])
    zoom.clearFaults()
  })

  it('should retry a create after a 429 but not after a 5xx, which Zoom may have acted on', async () => {
    const host = schoolB.users[2]
    const clientB = clientFor(zoom, schoolB)
    const path = `/v2/users/${host?.id}/meetings`
    zoom.failNext({ method: 'POST', path, status: 429, retryAfter: 0 })
    await clientB.createMeeting({ userId: host?.id, meeting: { topic: 'Rate limited once', type: 2, start_time: inAWeek(8), duration: 30 } })
    expect(calls(zoom, 'POST', path).map((request) => request.status)).toEqual([429, 201])

    zoom.failNext({ method: 'POST', path, status: 502, afterHandling: true })
    const error = await rejection(clientB.createMeeting({ userId: host?.id, meeting: { topic: 'Answer lost', type: 2, start_time: inAWeek(9), duration: 30 } }))
    expect(error.status).toBe(502)
    expect(calls(zoom, 'POST', path)).toHaveLength(3)
    // The job that made it looks among the host's meetings before creating it again.
    const topics = (await collect(clientB.listMeetings({ userId: host?.id, type: 'scheduled' }))).map((meeting) => meeting.topic)
    expect(topics.sort()).toEqual(['Answer lost', 'Rate limited once'])
  })

  it('should wait for a slow answer and time out one that takes too long', async () => {
    zoom.delayNext({ method: 'GET', path: '/v2/users', ms: 80 })
    expect(await collect(clientA.listUsers())).toHaveLength(schoolA.users.length)
    zoom.delayNext({ method: 'GET', path: '/v2/users', ms: 600 })
    const error = await rejection(collect(clientFor(zoom, schoolA, { timeoutMs: 200 }).listUsers()))
    expect(error.status).toBe(0)
    expect(error.code).toBe('TIMEOUT')
  })
})

describe('meetings', () => {
  it('should create, read, move and delete a meeting, with Zoom codes on refusals', async () => {
    const meeting = await newClass(clientA, schoolA)
    expect(meeting).toMatchObject({ topic: 'Somali poetry, week 1', type: 2, host_id: schoolA.users[1]?.id, timezone: 'Africa/Mogadishu', duration: 60 })
    expect(meeting.join_url).toMatch(/\/j\/\d{11}\?pwd=/)
    expect(meeting.start_url).toMatch(/\/s\/\d{11}\?zak=/)
    // 10:00 in Mogadishu (UTC+3) is 07:00 UTC.
    expect(meeting.start_time).toBe(`${inAWeek().slice(0, 10)}T07:00:00Z`)
    const sent = calls(zoom, 'POST', `/v2/users/${schoolA.users[1]?.id}/meetings`).at(-1)
    expect(sent?.body).toMatchObject({ settings: { approval_type: 0 } })

    await clientA.updateMeeting({ meetingId: meeting.id, changes: { start_time: inAWeek(11), duration: 90 } })
    expect(await clientA.getMeeting({ meetingId: meeting.id })).toMatchObject({ start_time: `${inAWeek().slice(0, 10)}T08:00:00Z`, duration: 90 })

    const invalid = await rejection(clientA.updateMeeting({ meetingId: meeting.id, changes: { password: 'far too long a password' } }))
    expect([invalid.status, invalid.code]).toEqual([400, 300])

    // Another school's account cannot see it.
    expect((await rejection(clientFor(zoom, schoolB).getMeeting({ meetingId: meeting.id }))).code).toBe(3001)

    await clientA.deleteMeeting({ meetingId: meeting.id })
    const gone = await rejection(clientA.getMeeting({ meetingId: meeting.id }))
    expect([gone.status, gone.code]).toEqual([404, 3001])
    expect(gone.retryable).toBe(false)
  })

  it('should lay out a weekly series and move or cancel one occurrence', async () => {
    const series = await clientA.createMeeting({
      meeting: { topic: 'Arabic grammar', type: 8, start_time: inAWeek(18), duration: 45, timezone: 'Africa/Mogadishu', recurrence: { type: 2, weekly_days: '2,4', end_times: 6 } },
    })
    const occurrences = series.occurrences ?? []
    expect(occurrences).toHaveLength(6)
    expect(new Set(occurrences.map((occurrence) => new Date(occurrence.start_time).getUTCDay()))).toEqual(new Set([1, 3]))
    expect(occurrences.every((occurrence) => occurrence.start_time.endsWith('T15:00:00Z'))).toBe(true)

    const [first, second] = occurrences
    const moved = new Date(Date.parse(first?.start_time ?? '') + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
    await clientA.updateMeeting({ meetingId: series.id, occurrenceId: first?.occurrence_id, changes: { start_time: moved } })
    await clientA.deleteMeeting({ meetingId: series.id, occurrenceId: second?.occurrence_id })
    const after = await clientA.getMeeting({ meetingId: series.id })
    expect(after.occurrences?.map((occurrence) => occurrence.occurrence_id)).not.toContain(second?.occurrence_id)
    expect(after.occurrences?.[0]).toMatchObject({ occurrence_id: first?.occurrence_id, start_time: moved })
    expect(calls(zoom, 'DELETE', `/v2/meetings/${series.id}`).at(-1)?.search).toBe(`?occurrence_id=${second?.occurrence_id}`)
  })

  it("should list the account's users and refuse an unknown host", async () => {
    expect((await collect(clientA.listUsers({ pageSize: 2 }))).map((user) => user.email)).toEqual(schoolA.users.map((user) => user.email))
    const error = await rejection(clientA.createMeeting({ userId: 'nobody@example.com', meeting: { topic: 'x', type: 2 } }))
    expect([error.status, error.code]).toEqual([404, 1001])
  })
})

describe('registrants and the participants report', () => {
  it('should give each student their own join link, once per email', async () => {
    const meeting = await newClass(clientA, schoolA, 'Registrants')
    const students = ['hodan', 'abdi', 'faadumo'].map((name) => ({ email: `${name}@students.test`, first_name: name, last_name: 'Student' }))
    const registrations = []
    for (const registrant of students) {
      registrations.push(await clientA.addRegistrant({ meetingId: meeting.id, registrant }))
    }
    expect(new Set(registrations.map((registration) => registration.join_url)).size).toBe(3)
    expect(registrations.every((registration) => registration.join_url !== meeting.join_url && registration.id === meeting.id)).toBe(true)
    const again = await clientA.addRegistrant({ meetingId: meeting.id, registrant: { first_name: 'Hodan', email: 'HODAN@students.test' } })
    expect(again.registrant_id).toBe(registrations[0]?.registrant_id)

    const listed = await collect(clientA.listRegistrants({ meetingId: meeting.id, pageSize: 2 }))
    expect(listed.map((registrant) => [registrant.id, registrant.join_url])).toEqual(registrations.map((registration) => [registration.registrant_id, registration.join_url]))
    expect(calls(zoom, 'GET', `/v2/meetings/${meeting.id}/registrants`).slice(-2).map((request) => new URLSearchParams(request.search).get('page_size'))).toEqual(['2', '2'])

    const closed = await clientA.createMeeting({ meeting: { topic: 'No registration', type: 2, start_time: inAWeek(12) } })
    expect((await rejection(clientA.addRegistrant({ meetingId: closed.id, registrant: { email: 'abdi@students.test', first_name: 'Abdi' } }))).status).toBe(400)
  })

  it('should read every page of the report, each stay with its registrant id', async () => {
    const meeting = await newClass(clientA, schoolA, 'Report')
    const registrations = await Promise.all(
      ['hodan', 'abdi', 'faadumo'].map((name) => clientA.addRegistrant({ meetingId: meeting.id, registrant: { email: `${name}@students.test`, first_name: name } })),
    )
    const at = (minutes: number) => new Date(Date.UTC(2030, 0, 7, 7, minutes)).toISOString()
    // An instance UUID with `//` in it: Zoom wants such a UUID encoded twice in a path.
    await zoom.startMeeting(meeting.id, { at: at(0), uuid: 'a//bc+Def/Ghij0123456==' })
    const [hodan, abdi, faadumo] = await Promise.all(registrations.map((registration, index) => zoom.join(meeting.id, { joinUrl: registration.join_url }, { at: at(index + 1) })))
    await zoom.join(meeting.id, { name: 'Guest on the shared link' }, { at: at(4) })
    await zoom.leave(abdi.participant, { at: at(20) })
    await zoom.join(meeting.id, { participant: abdi.participant }, { at: at(25) })
    await zoom.leave(faadumo.participant, { at: at(40) })
    await zoom.endMeeting(meeting.id, { at: at(60) })
    expect(hodan.events[0]?.payload.object.participant).toMatchObject({ registrant_id: registrations[0]?.registrant_id, email: 'hodan@students.test' })

    const before = calls(zoom, 'GET', /^\/v2\/report\//).length
    const report = await collect(clientA.pastParticipants({ meetingId: meeting.id, pageSize: 2 }))
    // Host, three students, a guest, and Abdi's second stay.
    expect(report).toHaveLength(6)
    expect(calls(zoom, 'GET', /^\/v2\/report\//).length - before).toBe(3)
    const abdiStays = report.filter((record) => record.registrant_id === registrations[1]?.registrant_id)
    expect(abdiStays.map((stay) => [stay.join_time, stay.leave_time, stay.duration])).toEqual([
      [at(2).replace('.000', ''), at(20).replace('.000', ''), 18 * 60],
      [at(25).replace('.000', ''), at(60).replace('.000', ''), 35 * 60],
    ])
    expect(new Set(abdiStays.map((stay) => stay.user_id)).size).toBe(2)

    const byUuid = await collect(clientA.pastParticipants({ meetingId: 'a//bc+Def/Ghij0123456==' }))
    expect(byUuid).toHaveLength(6)
    expect(calls(zoom, 'GET', /^\/v2\/report\//).at(-1)?.path).toContain('%252F%252F')
  })

  it('should say 3001 for the report of a meeting never held', async () => {
    const meeting = await newClass(clientA, schoolA, 'Never held')
    const error = await rejection(collect(clientA.pastParticipants({ meetingId: meeting.id })))
    expect([error.status, error.code]).toEqual([404, 3001])
  })
})

describe('recordings', () => {
  /** A class held and recorded: its instance UUID, the download token of recording.completed and the files. */
  const recordedClass = async (options: { mp4Bytes?: number } = {}) => {
    const meeting = await newClass(clientA, schoolA, 'Recorded')
    await zoom.startMeeting(meeting.id)
    const ended = await zoom.endMeeting(meeting.id, { record: { mp4Bytes: options.mp4Bytes ?? 3 * 1024 * 1024 + 17 } })
    const recordings = await clientA.getRecordings({ meetingId: ended.instanceUuid })
    return { meeting, uuid: ended.instanceUuid, downloadToken: ended.downloadToken as string, recordings }
  }

  const digest = async (stream: Readable): Promise<{ sha256: string; size: number; chunks: number }> => {
    const hash = createHash('sha256')
    let size = 0
    let chunks = 0
    for await (const chunk of stream) {
      hash.update(chunk as Buffer)
      size += (chunk as Buffer).length
      chunks += 1
    }
    return { sha256: hash.digest('hex'), size, chunks }
  }

  it('should stream each file with the download token of recording.completed', async () => {
    const { uuid, downloadToken, recordings } = await recordedClass()
    expect(recordings.recording_files.map((file) => file.file_type)).toEqual(['MP4', 'M4A', 'TRANSCRIPT'])
    const video = recordings.recording_files[0]
    const download = await clientA.downloadRecordingFile({ meetingId: uuid, downloadUrl: video?.download_url ?? '', downloadToken })
    expect(download.stream).toBeInstanceOf(Readable)
    expect(download).toMatchObject({ size: video?.file_size, contentType: 'video/mp4' })
    expect(download.fileName).toMatch(/^GMT\d{8}-\d{6}_Recording\.mp4$/)
    const received = await digest(download.stream)
    expect(received).toMatchObject({ size: video?.file_size, sha256: zoom.recordingFile(video?.id ?? '')?.sha256 })
    expect(received.chunks).toBeGreaterThan(1)
    const fetched = calls(zoom, 'GET', /^\/rec\/download\//).at(-1)
    expect(fetched?.headers.authorization).toBe(`Bearer ${downloadToken}`)

    const transcript = recordings.recording_files[2]
    const text = await clientA.downloadRecordingFile({ meetingId: uuid, downloadUrl: transcript?.download_url ?? '', downloadToken })
    expect(text.contentType).toBe('text/vtt')
    const chunks: Buffer[] = []
    for await (const chunk of text.stream) {
      chunks.push(chunk as Buffer)
    }
    expect(Buffer.concat(chunks).toString('utf8')).toMatch(/^WEBVTT\n/)
  })

  it('should renew an expired download token through the API and carry on', async () => {
    const { uuid, downloadToken, recordings } = await recordedClass({ mp4Bytes: 200_000 })
    zoom.expireDownloadTokens()
    const audio = recordings.recording_files[1]
    const download = await clientA.downloadRecordingFile({ meetingId: uuid, downloadUrl: audio?.download_url ?? '', downloadToken })
    expect((await digest(download.stream)).sha256).toBe(zoom.recordingFile(audio?.id ?? '')?.sha256)
    expect(calls(zoom, 'GET', /^\/rec\/download\//).slice(-2).map((request) => request.status)).toEqual([401, 302])
    const renewal = calls(zoom, 'GET', /\/recordings$/).at(-1)
    expect(renewal?.path).toBe(`/v2/meetings/${encodeURIComponent(uuid.startsWith('/') || uuid.includes('//') ? encodeURIComponent(uuid) : uuid)}/recordings`)
    expect(new URLSearchParams(renewal?.search).get('include_fields')).toBe('download_access_token')
  })

  it('should end the stream with an error when a download is cut or stalls', async () => {
    const { uuid, downloadToken, recordings } = await recordedClass({ mp4Bytes: 1024 * 1024 })
    const video = recordings.recording_files[0]
    const open = (idleMs?: number) => clientA.downloadRecordingFile({ meetingId: uuid, downloadUrl: video?.download_url ?? '', downloadToken, idleMs })
    zoom.breakNextDownload({ afterBytes: 300_000, how: 'cut' })
    await expect(digest((await open()).stream)).rejects.toThrow()
    zoom.breakNextDownload({ afterBytes: 300_000, how: 'stall' })
    const stalled = await open(150)
    const error = await digest(stalled.stream).then(
      () => undefined,
      (caught: unknown) => caught,
    )
    expect(error).toBeInstanceOf(ZoomError)
    expect((error as ZoomError).code).toBe('TIMEOUT')
  })

  it('should send no token to a download URL off the OAuth host', async () => {
    const { uuid, downloadToken } = await recordedClass({ mp4Bytes: 1000 })
    const before = zoom.requests.length
    for (const downloadUrl of ['https://evil.example.com/rec/download/x', 'http://127.0.0.2:9/rec/download/x', 'https://zoom.us.evil.example/rec/download/x', 'not a url']) {
      await expect(clientA.downloadRecordingFile({ meetingId: uuid, downloadUrl, downloadToken })).rejects.toThrow(TypeError)
    }
    expect(zoom.requests.length).toBe(before)
  })

  it('should delete the cloud copy once ours is kept', async () => {
    const { uuid, recordings } = await recordedClass({ mp4Bytes: 1000 })
    await clientA.deleteRecordingFile({ meetingId: uuid, recordingId: recordings.recording_files[1]?.id ?? '' })
    expect((await clientA.getRecordings({ meetingId: uuid })).recording_files).toHaveLength(2)
    await clientA.deleteRecordings({ meetingId: uuid })
    const gone = await rejection(clientA.getRecordings({ meetingId: uuid }))
    expect([gone.status, gone.code]).toEqual([404, 3301])
    expect(calls(zoom, 'DELETE', /\/recordings$/).at(-1)?.search).toBe('?action=trash')
  })
})

describe('webhooks', () => {
  type Received = { headers: http.IncomingHttpHeaders; body: string; check: ReturnType<typeof verifyZoomSignature> }
  let receiver: http.Server
  let receiverUrl: string
  const received: Received[] = []

  beforeAll(async () => {
    // What the school's webhook endpoint will do: check the signature on the raw bytes before anything else.
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        const check = verifyZoomSignature({
          secret: schoolA.webhookSecret,
          rawBody: body,
          signature: req.headers[ZOOM_SIGNATURE_HEADER] as string | undefined,
          timestamp: req.headers[ZOOM_TIMESTAMP_HEADER] as string | undefined,
        })
        received.push({ headers: req.headers, body, check })
        if (!check.valid) {
          res.writeHead(401).end()
          return
        }
        const event = JSON.parse(body) as { event: string; payload: { plainToken?: string } }
        if (event.event === 'endpoint.url_validation') {
          res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(zoomUrlValidationAnswer({ secret: schoolA.webhookSecret, plainToken: event.payload.plainToken ?? '' })))
          return
        }
        res.writeHead(200).end()
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/webhooks/zoom/school-a`
    zoom.setWebhookUrl(schoolA.accountId, receiverUrl)
  })

  afterAll(async () => {
    zoom.setWebhookUrl(schoolA.accountId, undefined)
    await new Promise<void>((resolve) => receiver?.close(() => resolve()))
  })

  it("should answer Zoom's URL validation, and the answer be Zoom's HMAC of the plain token", async () => {
    const validation = await zoom.validateUrl(schoolA.accountId)
    expect(validation.valid).toBe(true)
    const answer = zoomUrlValidationAnswer({ secret: 'a-secret', plainToken: 'qgg8vlvZRS6UYooatFL8Aw' })
    expect(answer).toEqual({ plainToken: 'qgg8vlvZRS6UYooatFL8Aw', encryptedToken: createHmac('sha256', 'a-secret').update('qgg8vlvZRS6UYooatFL8Aw').digest('hex') })
    expect(() => zoomUrlValidationAnswer({ secret: '', plainToken: 'x' })).toThrow(TypeError)
    // A validation signed with another account's secret is not answered.
    const forged = await zoom.validateUrl(schoolA.accountId, { options: { forge: true } })
    expect([forged.valid, forged.delivery.status]).toEqual([false, 401])
  })

  it("should verify every event Zoom sends, duplicates and out-of-order ones included", async () => {
    const meeting = await newClass(clientA, schoolA, 'Webhooks')
    const registration = await clientA.addRegistrant({ meetingId: meeting.id, registrant: { email: 'ilhan@students.test', first_name: 'Ilhan' } })
    received.length = 0
    const started = await zoom.startMeeting(meeting.id)
    const joined = await zoom.join(meeting.id, { joinUrl: registration.join_url }, { quiet: true })
    const left = await zoom.leave(joined.participant, { quiet: true })
    // Left before joined, and joined twice: as Zoom's retries can deliver them.
    await zoom.deliver([...left.events, ...joined.events])
    await zoom.deliver(joined.events, { times: 2 })
    const ended = await zoom.endMeeting(meeting.id, { record: { mp4Bytes: 1000 } })
    expect(started.events.map((event) => event.event)).toEqual(['meeting.started', 'meeting.participant_joined'])
    expect(ended.events.map((event) => event.event)).toEqual(['meeting.participant_left', 'meeting.ended', 'recording.completed'])
    expect(received.map((delivery) => delivery.check)).toEqual(Array(received.length).fill({ valid: true }))
    const events = received.map((delivery) => JSON.parse(delivery.body) as { event: string; event_ts: number; download_token?: string; payload: { object: { participant?: object } } })
    expect(events.map((event) => event.event)).toEqual([
      'meeting.started',
      'meeting.participant_joined',
      'meeting.participant_left',
      'meeting.participant_joined',
      'meeting.participant_joined',
      'meeting.participant_joined',
      'meeting.participant_left',
      'meeting.ended',
      'recording.completed',
    ])
    // Duplicates carry the same body, each freshly signed: a receiver deduplicates on the content.
    expect(new Set(received.slice(3, 6).map((delivery) => delivery.body)).size).toBe(1)
    expect(events[2]?.payload.object.participant).toMatchObject({ registrant_id: registration.registrant_id, email: 'ilhan@students.test' })
    expect(events[8]?.download_token).toBe(ended.downloadToken)
    expect(received[0]?.headers['user-agent']).toBe('Zoom Marketplace/1.0a')
  })

  it('should refuse forged, tampered, stale, replayed-late and unsigned events', async () => {
    const meeting = await newClass(clientA, schoolA, 'Forgeries')
    received.length = 0
    const { events } = await zoom.startMeeting(meeting.id, { quiet: true, hostJoins: false })
    const [forged] = (await zoom.deliver(events, { forge: true })).deliveries
    const [tampered] = (await zoom.deliver(events, { tamper: (body) => body.replace('"meeting.started"', '"meeting.ended"') })).deliveries
    const [stale] = (await zoom.deliver(events, { timestamp: Math.floor(Date.now() / 1000) - 600 })).deliveries
    const [malformed] = (await zoom.deliver(events, { signature: 'v0=not-hex' })).deliveries
    expect([forged?.status, tampered?.status, stale?.status, malformed?.status]).toEqual([401, 401, 401, 401])
    expect(received.map((delivery) => delivery.check)).toEqual([
      { valid: false, reason: 'mismatch' },
      { valid: false, reason: 'mismatch' },
      { valid: false, reason: 'stale' },
      { valid: false, reason: 'malformed' },
    ])

    const [good] = (await zoom.deliver(events)).deliveries
    expect(good?.status).toBe(200)
    const body = good?.body ?? ''
    const timestamp = good?.headers[ZOOM_TIMESTAMP_HEADER] ?? ''
    const signature = good?.headers[ZOOM_SIGNATURE_HEADER] ?? ''
    // The same bytes replayed ten minutes on are stale; with the timestamp changed they no longer match.
    const later = Date.now() + 600_000
    expect(verifyZoomSignature({ secret: schoolA.webhookSecret, rawBody: body, signature, timestamp, now: later })).toEqual({ valid: false, reason: 'stale' })
    expect(verifyZoomSignature({ secret: schoolA.webhookSecret, rawBody: body, signature, timestamp: String(Math.floor(later / 1000)), now: later })).toEqual({
      valid: false,
      reason: 'mismatch',
    })
    expect(verifyZoomSignature({ secret: schoolA.webhookSecret, rawBody: Buffer.from(body), signature, timestamp })).toEqual({ valid: true })
    expect(verifyZoomSignature({ secret: schoolB.webhookSecret, rawBody: body, signature, timestamp })).toEqual({ valid: false, reason: 'mismatch' })
    expect(verifyZoomSignature({ secret: schoolA.webhookSecret, rawBody: body, signature: undefined, timestamp })).toEqual({ valid: false, reason: 'missing' })
    expect(verifyZoomSignature({ secret: schoolA.webhookSecret, rawBody: body, signature, timestamp: 'yesterday' })).toEqual({ valid: false, reason: 'malformed' })
    // A replay within the window verifies: telling it from a retry is the receiver's deduplication, not the signature's.
    expect((await zoom.replay(good as NonNullable<typeof good>)).status).toBe(200)
  })
})
