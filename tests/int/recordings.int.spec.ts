import crypto from 'node:crypto'
import { createLocalReq } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { LiveClass, Recording } from '@/payload-types'

import { S3Client } from '@aws-sdk/client-s3'

import { copyRecordings, RECORDINGS_PREFIX, tendRecordings } from '@/domain/live/recordings'
import { uploadStores } from '@/services/backup/uploadStores'
import { s3ClientConfig } from '@/services/storage/s3ClientConfig'
import { transcriptText } from '@/domain/live/transcript'
import { queueMeetingSync } from '@/domain/live/jobs'
import { createZoomClient, type MeetingSummary, ZOOM_SIGNATURE_HEADER, ZOOM_TIMESTAMP_HEADER } from '@/services/zoom'

import { bootApp, type TestApp } from '../helpers/boot'
import { createCourse } from '../helpers/courses'
import { createPerson, createSchool, type Persona, type School, uniq } from '../helpers/personas'
import { type S3, startS3 } from '../helpers/s3'
import { startWebhookRelay } from '../helpers/webhookRelay'
import { forgetZoomJobs, runZoomJobs as runUntilDone } from '../helpers/zoomJobs'
import { startZoomStandIn, type ZoomStandIn, zoomTestAccount } from '../stand-ins/zoom'

// Payload's config is read once per test file: S3 is on for this whole file.
let app: TestApp
let s3: S3
let zoom: ZoomStandIn
let relay: Awaited<ReturnType<typeof startWebhookRelay>>
let school: School
let other: School
let course: number
let pathStudent: Persona
const id = uniq()
const account = zoomTestAccount({ hosts: 1 })
const minute = 60_000
/** The first class starts here (whole seconds, as Zoom reports times); each test's class a few hours later. */
const T0 = Math.floor(Date.now() / 1000) * 1000 + 30 * minute
let classes = 0

const runZoomJobs = () => runUntilDone(app.payload)

const recordingsOf = async (classId: number): Promise<Recording[]> =>
  (await app.payload.find({ collection: 'recordings', where: { liveClass: { equals: classId } }, sort: 'id', pagination: false, depth: 0, overrideAccess: true, showHiddenFields: true })).docs

const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex')

/** A class of the course held on Zoom and recorded: its meeting made, a student in it, then ended with `record`. */
const heldAndRecorded = async (record: { mp4Bytes?: number; transcript?: boolean } = {}) => {
  const startsAt = T0 + classes++ * 4 * 60 * minute
  const made = await app.api.post('/api/live-classes', {
    token: await app.api.tokenOf(school.instructor),
    body: { course, title: `Recorded ${classes}`, host: school.instructor.id, startsAt: new Date(startsAt).toISOString(), durationMinutes: 60 },
  })
  expect(made.status, await made.clone().text()).toBe(201)
  const made1 = ((await made.json()) as { doc: LiveClass }).doc
  await runZoomJobs()
  const klass = await app.payload.findByID({ collection: 'live-classes', id: made1.id, depth: 0, overrideAccess: true })
  const meetingId = klass.zoom!.meetingId!
  await zoom.startMeeting(meetingId, { at: startsAt })
  const link = (await (await app.api.get(`/api/live-classes/${klass.id}/join`, { token: await app.api.tokenOf(school.student) })).json()) as { url: string }
  await zoom.join(meetingId, { joinUrl: link.url }, { at: startsAt + minute })
  const ended = await zoom.endMeeting(meetingId, { at: startsAt + 50 * minute, record })
  return { klass, ...ended }
}

beforeAll(async () => {
  s3 = await startS3()
  zoom = await startZoomStandIn({ accounts: [account] })
  app = await bootApp({ ZOOM_API_BASE: zoom.apiBase, ZOOM_OAUTH_BASE: zoom.baseUrl, ...s3.env }, { ownDatabase: true })
  relay = await startWebhookRelay(app, [ZOOM_SIGNATURE_HEADER, ZOOM_TIMESTAMP_HEADER])
  school = await createSchool(app.payload, `rec-${id}`)
  other = await createSchool(app.payload, `rec-o-${id}`)
  await app.payload.create({
    collection: 'zoom-settings',
    data: { tenant: school.tenant.id, accountId: account.accountId, clientId: account.clientId, clientSecret: account.clientSecret, webhookSecret: account.webhookSecret, hosts: [{ email: account.users[1]!.email }], recordingRetentionDays: 30 },
    overrideAccess: true,
  })
  zoom.setWebhookUrl(account.accountId, `${relay.origin}/api/webhooks/zoom/${school.tenant.slug}`)
  course = (await createCourse(app.payload, school.tenant.id, { instructors: [school.instructor.id] })).id
  // The student learns in the course; the school's other student does not.
  pathStudent = await createPerson(app.payload, { email: `path-${id}@rec.example`, name: 'Path Student', tenants: [{ tenant: school.tenant.id, roles: ['student'] }] })
  for (const student of [school.student, pathStudent]) {
    await app.payload.create({ collection: 'enrollments', data: { tenant: school.tenant.id, user: student.id, course, status: 'active', source: 'staff' }, overrideAccess: true })
  }
})

afterAll(async () => {
  await forgetZoomJobs(app?.payload)
  await relay?.close()
  await zoom?.close()
  await app?.close()
  await s3?.close()
})

const download = async (person: Persona | undefined, recording: number, headers: Record<string, string> = {}) => {
  const response = await app.api.get(`/api/recordings/${recording}/file`, { ...(person ? { token: await app.api.tokenOf(person) } : {}), headers })
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) }
}

describe('recordings copied home from Zoom', () => {
  it('should follow a class from its scheduling to its recording: one meeting, registrations, join, reconnect and leave, the end, the report filling in a lost student, attendance right, the recording in S3 with its checksum, downloaded by an enrolled student and by nobody outside the course', async () => {
    const startsAt = T0 + classes++ * 4 * 60 * minute
    const at = (minutes: number) => startsAt + minutes * minute
    const made = await app.api.post('/api/live-classes', {
      token: await app.api.tokenOf(school.instructor),
      body: { course, title: 'The whole path', host: school.instructor.id, startsAt: new Date(startsAt).toISOString(), durationMinutes: 60 },
    })
    expect(made.status, await made.clone().text()).toBe(201)
    const classId = ((await made.json()) as { doc: LiveClass }).doc.id
    // The job made one meeting, even run twice, and registered both students.
    await runZoomJobs()
    await queueMeetingSync(await createLocalReq({}, app.payload), classId)
    await runZoomJobs()
    const klass = await app.payload.findByID({ collection: 'live-classes', id: classId, depth: 0, overrideAccess: true })
    const meetingId = klass.zoom!.meetingId!
    const meetings: MeetingSummary[] = []
    for await (const meeting of createZoomClient({ accountId: account.accountId, clientId: account.clientId, clientSecret: account.clientSecret, apiBase: zoom.apiBase, oauthBase: zoom.baseUrl }).listMeetings({ userId: account.users[1]!.email, type: 'upcoming' })) {
      meetings.push(meeting)
    }
    expect(meetings.filter((meeting) => meeting.agenda?.endsWith(`[aqoon live class ${classId}]`)).map((meeting) => String(meeting.id))).toEqual([String(meetingId)])
    expect(zoom.registrants(meetingId).map((r) => r.email).sort()).toEqual([school.student.email, pathStudent.email].sort())

    const linkOf = async (person: Persona) => ((await (await app.api.get(`/api/live-classes/${classId}/join`, { token: await app.api.tokenOf(person) })).json()) as { url: string }).url
    await zoom.startMeeting(meetingId, { at: at(0) })
    // The student joins, drops, reconnects; the other's events are all lost on the way.
    const first = await zoom.join(meetingId, { joinUrl: await linkOf(school.student) }, { at: at(1) })
    await zoom.leave(first.participant, { at: at(20) })
    await zoom.join(meetingId, { participant: first.participant }, { at: at(22) })
    const lost = await zoom.join(meetingId, { joinUrl: await linkOf(pathStudent) }, { at: at(2), quiet: true })
    await zoom.leave(lost.participant, { at: at(58), quiet: true })
    // A forged event and a replayed one change nothing.
    expect((await zoom.deliver(first.events, { forge: true })).deliveries[0]!.status).toBe(401)
    expect((await zoom.replay(first.deliveries[0]!)).status).toBe(200)
    const ended = await zoom.endMeeting(meetingId, { at: at(60), record: { mp4Bytes: 17 * 1024 * 1024 + 123 } })
    const { instanceUuid, recordingFiles } = ended
    expect(recordingFiles.map((file) => file.fileType)).toEqual(['MP4', 'M4A', 'TRANSCRIPT'])
    // Zoom sends recording.completed again: still one row per file.
    expect((await zoom.replay(ended.deliveries.at(-1)!)).status).toBe(200)
    const noted = await recordingsOf(classId)
    expect(noted.map((row) => [row.kind, row.status])).toEqual([
      ['video', 'pending'],
      ['audio', 'pending'],
      ['transcript', 'pending'],
    ])
    // A day passes: the event's download token no longer works, and a fresh one is asked for.
    zoom.expireDownloadTokens()
    await runZoomJobs()

    // The report filled in the student whose events were lost; the reconnect counted once.
    const attendance = await app.payload.find({ collection: 'attendance', where: { liveClass: { equals: classId } }, depth: 0, overrideAccess: true })
    expect(attendance.docs.map((row) => [row.student, row.status, row.minutes]).sort()).toEqual(
      [
        [school.student.id, 'present', 57],
        [pathStudent.id, 'present', 56],
      ].sort(),
    )

    const stored = await recordingsOf(classId)
    for (const row of stored) {
      const original = zoom.recordingFile(row.zoomFileId!)!
      expect([row.kind, row.status, row.size, row.sha256, row.downloadToken, row.error]).toEqual([row.kind, 'stored', original.size, original.sha256, null, null])
      // Kept for the school's 30 days.
      expect(Date.parse(row.retainUntil!) - Date.parse(row.storedAt!)).toBe(30 * 86_400_000)
    }
    const keys = await s3.keys()
    // Each under a name of its own copy's, in the bucket's recordings/.
    expect(stored.map((row) => row.filename)).toEqual(stored.map((row) => expect.stringMatching(new RegExp(`^${row.id}-[0-9a-f]{16}\\.${{ video: 'mp4', audio: 'm4a', transcript: 'vtt' }[row.kind]}$`))))
    expect(keys).toEqual(expect.arrayContaining(stored.map((row) => `recordings/${row.filename}`)))
    const transcript = stored.find((row) => row.kind === 'transcript')!
    expect(transcript.transcript).toMatch(/^\[00:00:00\] .+: Good morning, everyone\.$/m)

    // Told once, with every file; a second run copies nothing and tells nothing.
    expect(await copyRecordings(await createLocalReq({}, app.payload), classId)).toEqual({ copied: 0 })
    const told = await app.payload.find({ collection: 'domain-events', where: { and: [{ type: { equals: 'live-class.recording-available' } }, { subjectId: { equals: String(classId) } }] }, overrideAccess: true })
    expect(told.docs.map((event) => event.payload)).toEqual([
      { liveClass: classId, course, files: stored.map((row) => ({ recording: row.id, kind: row.kind, size: row.size, sha256: row.sha256 })), transcript: transcript.id },
    ])
    // Zoom's own copy stays: this school did not ask for it to go.
    expect(recordingFiles.map((file) => zoom.recordingFileDeleted(file.id))).toEqual([false, false, false])
    expect(instanceUuid).toBeTruthy()

    const video = stored.find((row) => row.kind === 'video')!
    const whole = await download(school.student, video.id)
    expect([whole.status, whole.headers.get('content-type'), whole.headers.get('cache-control'), whole.bytes.length, sha256(whole.bytes)]).toEqual([200, 'video/mp4', 'private, no-store', video.size, video.sha256])
    // A player seeking: a range of bytes, and the same bytes as in the whole.
    const part = await download(school.student, video.id, { Range: 'bytes=9000000-9000099' })
    expect([part.status, part.headers.get('content-range'), sha256(part.bytes)]).toEqual([206, `bytes 9000000-9000099/${video.size}`, sha256(whole.bytes.subarray(9_000_000, 9_000_100))])
    expect((await download(school.student, video.id, { Range: `bytes=${video.size! + 10}-` })).status).toBe(416)
    expect((await download(school.instructor, transcript.id)).status).toBe(200)

    // Not learning in the course, another school's admin, nobody: nothing, not even that it exists.
    expect((await download(school.otherStudent, video.id)).status).toBe(404)
    expect((await download(other.admin, video.id)).status).toBe(404)
    expect((await download(undefined, video.id)).status).toBe(401)
    const listed = await app.api.get(`/api/recordings?where[liveClass][equals]=${classId}`, { token: await app.api.tokenOf(school.otherStudent) })
    // Their role reads no recording of any course: refused outright, as for the school's other course records.
    expect(listed.status).toBe(403)
    // What the student reads never carries the way into Zoom.
    const seen = await (await app.api.get(`/api/recordings?where[liveClass][equals]=${classId}&depth=2`, { token: await app.api.tokenOf(school.student) })).text()
    expect(JSON.parse(seen).docs).toHaveLength(3)
    expect(seen).not.toMatch(/downloadUrl|downloadToken|rec\/download|zoomFileId/)
  })

  it('should keep nothing of a download cut partway and copy it on the next run; a transcript Zoom makes later comes in an announcement of its own; Zoom’s copy of each file goes to its trash when the school asks', async () => {
    const settings = (await app.payload.find({ collection: 'zoom-settings', where: { tenant: { equals: school.tenant.id } }, overrideAccess: true })).docs[0]!
    await app.payload.update({ collection: 'zoom-settings', id: settings.id, data: { deleteFromZoomAfterCopy: true }, overrideAccess: true })
    const { klass, instanceUuid, recordingFiles } = await heldAndRecorded({ transcript: false })
    const announced = async () =>
      (await app.payload.find({ collection: 'domain-events', where: { and: [{ type: { equals: 'live-class.recording-available' } }, { subjectId: { equals: String(klass.id) } }] }, sort: 'id', overrideAccess: true })).docs.map(
        (event) => (event.payload as { files: { kind: string }[]; transcript: number | null }).files.map((file) => file.kind),
      )
    zoom.breakNextDownload({ afterBytes: 300_000, how: 'cut' })
    await runZoomJobs()
    const rows = await recordingsOf(klass.id)
    const video = rows.find((row) => row.kind === 'video')!
    expect([video.status, video.attempts, video.filename]).toEqual(['failed', 1, null])
    expect(video.error).toBeTruthy()
    // Nothing half-written in storage, no announcement, Zoom's copy untouched.
    expect((await s3.keys()).some((key) => key.startsWith(`recordings/${video.id}-`))).toBe(false)
    expect(await announced()).toEqual([])
    expect(recordingFiles.map((file) => zoom.recordingFileDeleted(file.id))).toEqual([false, false])

    // A copy left failed for an hour is queued again by the hourly job (had its own job given up).
    expect(await tendRecordings(await createLocalReq({}, app.payload), new Date(Date.now() + 61 * minute))).toEqual({ deleted: 0, retried: 1 })
    // The job's next try (run here at once, not after its backoff).
    expect(await copyRecordings(await createLocalReq({}, app.payload), klass.id)).toEqual({ copied: 1 })
    const after = await recordingsOf(klass.id)
    expect(after.map((row) => row.status)).toEqual(['stored', 'stored'])
    expect(after.find((row) => row.kind === 'video')!.sha256).toBe(zoom.recordingFile(video.zoomFileId!)!.sha256)
    expect(await announced()).toEqual([['video', 'audio']])
    expect(recordingFiles.map((file) => zoom.recordingFileDeleted(file.id))).toEqual([true, true])
    expect(after.every((row) => row.zoomDeletedAt)).toBe(true)

    // Zoom's transcript, an hour later: copied, told on its own, and trashed at Zoom in turn.
    const transcript = await zoom.completeTranscript(instanceUuid)
    expect(transcript.deliveries.map((delivery) => delivery.status)).toEqual([200])
    await runZoomJobs()
    const all = await recordingsOf(klass.id)
    expect(all.map((row) => [row.kind, row.status])).toEqual([
      ['video', 'stored'],
      ['audio', 'stored'],
      ['transcript', 'stored'],
    ])
    expect(all[2]!.transcript).toContain('Good morning, everyone.')
    expect(await announced()).toEqual([['video', 'audio'], ['transcript']])
    expect(zoom.recordingFileDeleted(transcript.fileId)).toBe(true)
  })

  it('should copy each file once when two workers run the copy at the same time, and back the files up with their rows', async () => {
    const { klass } = await heldAndRecorded()
    const outcomes = await Promise.all([copyRecordings(await createLocalReq({}, app.payload), klass.id), copyRecordings(await createLocalReq({}, app.payload), klass.id)])
    expect(outcomes[0].copied + outcomes[1].copied).toBe(3)
    const rows = await recordingsOf(klass.id)
    expect(rows.map((row) => [row.status, row.attempts])).toEqual([
      ['stored', 1],
      ['stored', 1],
      ['stored', 1],
    ])
    expect((await s3.keys()).filter((key) => rows.some((row) => key.startsWith(`recordings/${row.id}-`)))).toEqual(rows.map((row) => `recordings/${row.filename}`).sort())
    expect((await app.payload.count({ collection: 'domain-events', where: { and: [{ type: { equals: 'live-class.recording-available' } }, { subjectId: { equals: String(klass.id) } }] }, overrideAccess: true })).totalDocs).toBe(1)
    // `npm run backup` finds them where the copy put them.
    const store = uploadStores({ config: app.payload.config, s3: { client: new S3Client(s3ClientConfig()), bucket: s3.bucket }, kept: [{ collection: 'recordings', prefix: RECORDINGS_PREFIX, dir: 'unused' }] }).find((candidate) => candidate.collection === 'recordings')!
    expect(await Promise.all(rows.map((row) => store.store.has(row.filename!)))).toEqual([true, true, true])
  })

  it('should delete a recording past its retention, and one its course’s staff delete, with its file and an audit entry; a student deletes none', async () => {
    const { klass } = await heldAndRecorded()
    await runZoomJobs()
    const [video, audio] = await recordingsOf(klass.id)
    const keyOf = (row: Recording) => `recordings/${row.filename}`
    expect(await s3.keys()).toEqual(expect.arrayContaining([keyOf(video!), keyOf(audio!)]))

    expect((await app.api.delete(`/api/recordings/${audio!.id}`, { token: await app.api.tokenOf(school.student) })).status).toBe(403)
    expect((await app.api.delete(`/api/recordings/${audio!.id}`, { token: await app.api.tokenOf(school.instructor) })).status).toBe(200)

    // Retention: the day after the 30 days.
    expect(await tendRecordings(await createLocalReq({}, app.payload), new Date(Date.parse(video!.retainUntil!) + 86_400_000))).toMatchObject({ deleted: expect.any(Number) })
    expect(await app.payload.count({ collection: 'recordings', where: { id: { in: [video!.id, audio!.id] } }, overrideAccess: true })).toMatchObject({ totalDocs: 0 })
    // The files go by the jobs the deletes queued, once those were committed.
    await app.payload.jobs.run({ queue: 'maintenance', limit: 100 })
    const keys = await s3.keys()
    expect([keys.includes(keyOf(video!)), keys.includes(keyOf(audio!))]).toEqual([false, false])
    const audited = await app.payload.find({ collection: 'audit-logs', where: { and: [{ collection: { equals: 'recordings' } }, { action: { equals: 'delete' } }, { documentId: { in: [String(video!.id), String(audio!.id)] } }] }, overrideAccess: true })
    expect(audited.docs.map((entry) => [entry.documentId, entry.actorLabel]).sort()).toEqual(
      [
        [String(audio!.id), school.instructor.email],
        [String(video!.id), 'system'],
      ].sort(),
    )
  })
})

describe('a transcript as text', () => {
  it('should keep each cue’s words and start time, and nothing of the WebVTT around them', () => {
    const vtt = '\uFEFFWEBVTT\r\n\r\nNOTE made by Zoom\r\n\r\n1\r\n00:00:05.120 --> 00:00:09.000\r\nAmina Yusuf: <v Amina>Fractions &amp; decimals</v>\r\ntoday.\r\n\r\n2\r\n01:02:03.000 --> 01:02:07.000 align:start\r\nCali Warsame: سؤال عن الكسور؟\r\n\r\n3\r\n00:10.000 --> 00:12.000\r\n\r\n'
    expect(transcriptText(vtt)).toBe('[00:00:05] Amina Yusuf: Fractions & decimals today.\n[01:02:03] Cali Warsame: سؤال عن الكسور؟')
  })
})
