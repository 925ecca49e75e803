import type { PayloadRequest } from 'payload'

import type { Attendance, LiveClass } from '@/payload-types'

import { inTransaction, LOCKS, lockFor } from '@/services/database/transactions'
import { type ZoomClient, ZoomError } from '@/services/zoom'
import { conflict, forbidden, unavailable } from '@/shared/domainError'
import { referenceId } from '@/shared/referenceId'
import { ATTENDANCE, LIVE_CLASSES, USERS } from '@/shared/slugs'

import { activeMemberships } from '@/domain/identity/memberships'

import { asSystem, attendanceRowFor, attendanceRowsOf, isLearning, studentsOf } from './attendanceRecords'
import { zoomClientOf } from './zoomSettings'

/** A class whose meeting is made and which is still to be held: the only one registrations are for. */
export const takesRegistrations = (klass: Pick<LiveClass, 'status' | 'zoom'>): klass is typeof klass & { zoom: { meetingId: string } } =>
  (klass.status === 'scheduled' || klass.status === 'live') && klass.zoom?.state === 'ready' && typeof klass.zoom.meetingId === 'string' && klass.zoom.meetingId !== ''

/** Zoom wants a first name (and takes a last): the person's name split at its first space. */
const namesOf = (name: string | null | undefined, email: string): { first_name: string; last_name?: string } => {
  const [first, ...rest] = (name ?? '').trim().split(/\s+/)
  return first ? { first_name: first.slice(0, 64), ...(rest.length ? { last_name: rest.join(' ').slice(0, 64) } : {}) } : { first_name: email.split('@')[0]!.slice(0, 64) }
}

/** Registers one student for the class's meeting and keeps their own join link on their attendance row. */
const register = async (req: PayloadRequest, zoom: ZoomClient, klass: LiveClass & { zoom: { meetingId: string } }, student: number, rows: Attendance[]): Promise<Attendance> => {
  const person = await req.payload.findByID({ collection: USERS, id: student, depth: 0, select: { name: true, email: true }, overrideAccess: true, req })
  // Zoom answers an email already registered with the registration it has: a job run twice registers once.
  const registration = await zoom.addRegistrant({ meetingId: klass.zoom.meetingId, registrant: { email: person.email, ...namesOf(person.name, person.email) } })
  // The row under the class's attendance lock, as Zoom's events make rows: never two for one student.
  await lockFor(req, LOCKS.attendance, klass.id)
  const row = await attendanceRowFor(req, klass, student, rows)
  return asSystem(req, () =>
    req.payload.update({
      collection: ATTENDANCE,
      id: row.id,
      data: { registration: { registrantId: registration.registrant_id, meetingId: klass.zoom.meetingId, joinUrl: registration.join_url, registeredAt: new Date().toISOString() } },
      overrideAccess: true,
      depth: 0,
      req,
    }),
  )
}

const registeredFor = (row: Attendance, meetingId: string): boolean => row.registration?.meetingId === meetingId && Boolean(row.registration.registrantId)

/**
 * Brings the meeting's registrants in line with the course: every student of it (active or completed) is
 * registered (so each participant Zoom reports maps to one student) and has their own join link;
 * one who left the course is taken off (their link stops working). A meeting made again (another
 * host) has everyone registered again. Under the class's meeting lock, so a meeting being made
 * again meanwhile waits. Safe to run any number of times.
 */
export const registerStudents = (req: PayloadRequest, id: number): Promise<{ registered: number; removed: number }> =>
  inTransaction(req, async () => {
    await lockFor(req, LOCKS.zoomMeeting, id)
    const klass = await req.payload.findByID({ collection: LIVE_CLASSES, id, depth: 0, overrideAccess: true, disableErrors: true, req })
    if (!klass || !takesRegistrations(klass)) {
      return { registered: 0, removed: 0 }
    }
    const zoom = await zoomClientOf(req, referenceId(klass.tenant)!)
    if (!zoom) {
      return { registered: 0, removed: 0 }
    }
    const wanted = new Set(await studentsOf(req, referenceId(klass.course)!))
    const rows = await attendanceRowsOf(req, id)
    let registered = 0
    for (const student of wanted) {
      const row = rows.find((candidate) => referenceId(candidate.student) === student)
      if (!row || !registeredFor(row, klass.zoom.meetingId)) {
        await register(req, zoom, klass, student, rows)
        registered += 1
      }
    }
    let removed = 0
    for (const row of rows.filter((candidate) => !wanted.has(referenceId(candidate.student)!) && candidate.registration?.registrantId)) {
      try {
        await zoom.deleteRegistrant({ meetingId: row.registration!.meetingId ?? klass.zoom.meetingId, registrantId: row.registration!.registrantId! })
      } catch (error) {
        // Already gone with its meeting: what was wanted.
        if (!(error instanceof ZoomError && error.status === 404)) {
          throw error
        }
      }
      // Never in the class: no attendance to keep. One who was keeps what Zoom saw, without the link.
      await asSystem(req, async () => {
        if (((row.segments ?? []) as unknown[]).length === 0) {
          await req.payload.delete({ collection: ATTENDANCE, id: row.id, overrideAccess: true, req })
        } else {
          await req.payload.update({ collection: ATTENDANCE, id: row.id, data: { registration: { registrantId: null, meetingId: null, joinUrl: null, registeredAt: null } }, overrideAccess: true, depth: 0, req })
        }
      })
      removed += 1
    }
    return { registered, removed }
  })

const registeredLink = async (req: PayloadRequest, klass: Pick<LiveClass, 'id'>, meetingId: string, student: number): Promise<{ link?: string; rows: Attendance[] }> => {
  const rows = await req.payload.find({ collection: ATTENDANCE, where: { and: [{ liveClass: { equals: klass.id } }, { student: { equals: student } }] }, limit: 1, pagination: false, depth: 0, overrideAccess: true, showHiddenFields: true, req })
  const row = rows.docs[0]
  return { link: row && registeredFor(row, meetingId) ? (row.registration?.joinUrl ?? undefined) : undefined, rows: rows.docs }
}

/**
 * A student's own link into a class's meeting: the one they were registered with, read without
 * waiting; else they are registered there and then, under the class's meeting lock (the class
 * read again under it: a meeting made again meanwhile has another id).
 */
export const joinLinkOf = async (req: PayloadRequest, klass: LiveClass & { zoom: { meetingId: string } }, student: number): Promise<string> => {
  const known = await registeredLink(req, klass, klass.zoom.meetingId, student)
  if (known.link) {
    return known.link
  }
  return inTransaction(req, async () => {
    await lockFor(req, LOCKS.zoomMeeting, klass.id)
    const current = await req.payload.findByID({ collection: LIVE_CLASSES, id: klass.id, depth: 0, overrideAccess: true, req })
    if (!takesRegistrations(current)) {
      throw conflict('This class’s Zoom meeting is being prepared: try again in a minute.')
    }
    const again = await registeredLink(req, current, current.zoom.meetingId, student)
    if (again.link) {
      return again.link
    }
    const zoom = await zoomClientOf(req, referenceId(current.tenant)!)
    if (!zoom) {
      throw unavailable('This school’s Zoom is turned off for now: ask the school’s admins.')
    }
    const made = await register(req, zoom, current, student, again.rows)
    return (await req.payload.findByID({ collection: ATTENDANCE, id: made.id, depth: 0, overrideAccess: true, showHiddenFields: true, req })).registration!.joinUrl!
  })
}

export type ClassLink = { role: 'host' | 'student'; url: string }

/**
 * The link into a class for the person asking: the host's start link to the class's host alone
 * (fresh from Zoom: it lapses within hours), and to a student of the course their own join
 * link; nobody else gets either.
 */
export const classLinkFor = async (req: PayloadRequest, klass: LiveClass, person: number): Promise<ClassLink> => {
  if (klass.status === 'cancelled' || klass.status === 'ended') {
    throw conflict(klass.status === 'cancelled' ? 'This class was cancelled.' : 'This class has ended.')
  }
  if (!takesRegistrations(klass)) {
    throw conflict(klass.zoom?.state === 'failed' ? 'This class’s Zoom meeting could not be made: its staff have been told why.' : 'This class’s Zoom meeting is being prepared: try again in a minute.')
  }
  const isHost = referenceId(klass.host) === person
  // A membership or school suspended grants nothing, a link included.
  const member = (await activeMemberships(req)).some((membership) => membership.tenantId === referenceId(klass.tenant))
  if (!member || (!isHost && !(await isLearning(req, referenceId(klass.course)!, person)))) {
    throw forbidden('Only the class’s students get a join link, each their own; its host gets the start link.')
  }
  try {
    if (isHost) {
      const zoom = await zoomClientOf(req, referenceId(klass.tenant)!)
      if (!zoom) {
        throw unavailable('This school’s Zoom is turned off for now: ask the school’s admins.')
      }
      return { role: 'host', url: (await zoom.getMeeting({ meetingId: klass.zoom.meetingId })).start_url }
    }
    return { role: 'student', url: await joinLinkOf(req, klass, person) }
  } catch (error) {
    if (error instanceof ZoomError) {
      throw unavailable(`Zoom did not answer (${error.status || error.code}): try again in a minute.`)
    }
    throw error
  }
}
