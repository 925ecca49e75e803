import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { LOCKS, lockFor, sqlHandle } from '@/services/database/transactions'
import { conflict, invalid } from '@/shared/domainError'
import { referenceId } from '@/shared/referenceId'
import { COURSES, USERS } from '@/shared/slugs'

import { zoomSettingsOf } from './zoomSettings'

export const LIVE_CLASS_STATUSES = ['scheduled', 'live', 'ended', 'cancelled'] as const
export type LiveClassStatus = (typeof LIVE_CLASS_STATUSES)[number]

/** Where a class stands with its Zoom meeting. */
export const MEETING_STATES = ['waiting', 'ready', 'failed', 'removed'] as const

export type LiveClassData = {
  id?: number
  tenant?: unknown
  course?: unknown
  host?: unknown
  startsAt?: string | null
  startingSoonAt?: string | null
  durationMinutes?: number | null
  status?: LiveClassStatus | null
  zoom?: { hostEmail?: string | null; meetingId?: string | null; state?: (typeof MEETING_STATES)[number] | null; problem?: string | null } | null
}

const isMemberOf = async (req: PayloadRequest, person: number, school: number): Promise<boolean> => {
  const user = await req.payload.findByID({ collection: USERS, id: person, depth: 0, select: { tenants: true }, overrideAccess: true, disableErrors: true, req })
  return (user?.tenants ?? []).some((membership) => referenceId(membership.tenant) === school)
}

const endOf = (startsAt: string, minutes: number): Date => new Date(new Date(startsAt).getTime() + minutes * 60_000)

/**
 * A Zoom user of the school free for the whole class: one user hosts one meeting at a time.
 * The one the class has already is kept while it is still free. Called under the school's
 * hosts lock, so two classes scheduled at once never get the same user for the same time.
 */
const freeHost = async (req: PayloadRequest, school: number, klass: { id?: number; startsAt: string; durationMinutes: number; current?: string | null }): Promise<string> => {
  const settings = await zoomSettingsOf(req, school)
  if (!settings?.enabled) {
    throw conflict('This school has not connected Zoom: its admins set it up under Live classes, Zoom settings.')
  }
  const hosts = (settings.hosts ?? []).map((host) => host.email.toLowerCase())
  if (hosts.length === 0) {
    throw conflict('This school lists no Zoom hosts: its admins add them under Live classes, Zoom settings.')
  }
  const db = await sqlHandle(req)
  const { rows } = await db.execute(sql`
    select distinct lower(zoom_host_email) as host from live_classes
    where tenant_id = ${school} and status <> 'cancelled' and id <> ${klass.id ?? 0} and zoom_host_email is not null
      and starts_at < ${endOf(klass.startsAt, klass.durationMinutes).toISOString()}::timestamptz
      and starts_at + duration_minutes * interval '1 minute' > ${new Date(klass.startsAt).toISOString()}::timestamptz`)
  const busy = new Set((rows as { host: string }[]).map((row) => row.host))
  const current = klass.current?.toLowerCase()
  const free = current && hosts.includes(current) && !busy.has(current) ? current : hosts.find((host) => !busy.has(host))
  if (!free) {
    throw conflict(`Every Zoom host of this school (${hosts.length}) has a class at that time: choose another time, or ask the school's admins to add a host.`)
  }
  return (settings.hosts ?? []).find((host) => host.email.toLowerCase() === free)!.email
}

/**
 * The rules of scheduling a live class, before it is saved: the host teaches the course; people
 * cancel a class or schedule it again, while it goes live and ends by itself (Zoom says so);
 * and a class to be held gets a Zoom user free for its whole time, or is refused with why. Its
 * meeting is then made, moved or removed by the `syncZoomMeeting` job.
 */
export const planLiveClass = async ({ req, data, original }: { req: PayloadRequest; data: LiveClassData; original?: LiveClassData }): Promise<LiveClassData> => {
  const merged = { ...original, ...data, zoom: { ...original?.zoom, ...data.zoom } }
  const courseId = referenceId(merged.course)
  const course = courseId === null ? null : await req.payload.findByID({ collection: COURSES, id: courseId, depth: 0, select: { tenant: true, instructors: true }, overrideAccess: true, disableErrors: true, req })
  if (!course) {
    throw invalid('Choose the course this class is for.', { field: 'course' })
  }
  const school = referenceId(course.tenant)!
  const host = referenceId(merged.host)
  const changed = <K extends keyof LiveClassData>(key: K) => !original || JSON.stringify(referenceId(merged[key]) ?? merged[key]) !== JSON.stringify(referenceId(original[key]) ?? original[key])
  // A course or host newly named from another school: the tenant boundary refuses it on its own
  // field, as it refuses any reference across schools (src/hooks/keepReferencesInTenant.ts), after this.
  if (school !== referenceId(merged.tenant) || (changed('host') && host !== null && !(await isMemberOf(req, host, school)))) {
    return data
  }
  if (original?.id !== undefined && changed('course')) {
    // Its students, registrations and attendance are the course's: a class for another course is another class.
    throw invalid('A class stays with its course: cancel it, and schedule one in the other course.', { field: 'course' })
  }
  const status = merged.status ?? 'scheduled'
  const before = original?.status ?? undefined
  if (before !== undefined && before !== status) {
    if (before === 'ended' || before === 'live') {
      throw invalid(before === 'ended' ? 'This class has ended: schedule a new one.' : 'This class is being held: it ends by itself when the meeting ends.', { field: 'status' })
    }
  }
  if ((status === 'live' || status === 'ended') && before !== status) {
    throw invalid('A class goes live and ends by itself, as Zoom reports it: cancel it, or schedule it again.', { field: 'status' })
  }
  if (status === 'cancelled') {
    return { ...data, zoom: { ...data.zoom, state: original?.zoom?.meetingId ? 'waiting' : 'removed', problem: null } }
  }
  if (changed('host') || changed('course') || changed('status')) {
    const teachers = (course.instructors ?? []).map((teacher) => referenceId(teacher))
    if (host === null || !teachers.includes(host)) {
      throw invalid('The host must be one of the course’s instructors.', { field: 'host' })
    }
  }
  const moved = changed('startsAt') || changed('durationMinutes') || before === 'cancelled'
  // A time or length that is not one is refused by the fields' own validation, after this.
  const startsAt = typeof merged.startsAt === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(merged.startsAt) && !Number.isNaN(Date.parse(merged.startsAt)) ? new Date(merged.startsAt).toISOString() : undefined
  const minutes = merged.durationMinutes
  const sound = startsAt !== undefined && typeof minutes === 'number' && Number.isInteger(minutes) && minutes >= 15 && minutes <= 600
  if (!moved || status !== 'scheduled' || !sound) {
    return data
  }
  await lockFor(req, LOCKS.zoomHosts, school)
  const hostEmail = await freeHost(req, school, { id: original?.id, startsAt, durationMinutes: minutes, current: original?.zoom?.hostEmail })
  // Moved: announced again as starting soon, at its new time.
  return { ...data, startingSoonAt: null, zoom: { ...data.zoom, hostEmail, state: 'waiting', problem: null } }
}
