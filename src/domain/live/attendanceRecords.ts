import type { PayloadRequest } from 'payload'

import type { Attendance, LiveClass } from '@/payload-types'

import { refreshCompletion } from '@/domain/enrollment/completion'
import { LEARNING } from '@/domain/enrollment/status'
import { LOCKS, lockFor } from '@/services/database/transactions'
import { referenceId } from '@/shared/referenceId'
import { ATTENDANCE, COURSES, ENROLLMENTS, LIVE_CLASSES, USERS } from '@/shared/slugs'

import { type ClassTimes, mergeSegment, type Segment, summarizeAttendance } from './attendance'

declare module 'payload' {
  interface RequestContext {
    /** A write of attendance by the system (Zoom's events, its report, registration): not a person's correction. */
    attendanceSync?: boolean
  }
}

/** Attendance written by the system (past access, in the caller's transaction), marked as its own for the collection's hooks while it lasts. */
export const asSystem = async <T>(req: PayloadRequest, work: () => Promise<T>): Promise<T> => {
  const before = req.context.attendanceSync
  req.context.attendanceSync = true
  try {
    return await work()
  } finally {
    req.context.attendanceSync = before
  }
}

export type ClassForAttendance = Pick<LiveClass, 'id' | 'tenant' | 'course' | 'startsAt' | 'durationMinutes' | 'startedAt' | 'endedAt' | 'graceMinutes' | 'status'>

/** The class's times as attendance measures them: Zoom's start and end once known, else the schedule's start. */
export const classTimes = (klass: ClassForAttendance): ClassTimes => ({
  startedAt: klass.startedAt ?? klass.startsAt,
  endedAt: klass.status === 'ended' ? (klass.endedAt ?? new Date(Date.parse(klass.startedAt ?? klass.startsAt) + klass.durationMinutes * 60_000).toISOString()) : null,
  graceMinutes: klass.graceMinutes ?? undefined,
})

export const attendanceRowsOf = async (req: PayloadRequest, liveClass: number): Promise<Attendance[]> =>
  (await req.payload.find({ collection: ATTENDANCE, where: { liveClass: { equals: liveClass } }, pagination: false, depth: 0, overrideAccess: true, req })).docs

/** The students of the course who are to be in its classes: an active (or finished) enrollment. */
export const studentsOf = async (req: PayloadRequest, course: number, statuses: readonly string[] = LEARNING): Promise<number[]> =>
  (await req.payload.find({ collection: ENROLLMENTS, where: { and: [{ course: { equals: course } }, { status: { in: [...statuses] } }] }, pagination: false, depth: 0, select: { user: true }, overrideAccess: true, req })).docs
    .map((enrollment) => referenceId(enrollment.user))
    .filter((id): id is number => id !== null)

/** Whether the person is one of the course's students (as `studentsOf` counts them). */
export const isLearning = async (req: PayloadRequest, course: number, person: number): Promise<boolean> =>
  (await req.payload.count({ collection: ENROLLMENTS, where: { and: [{ course: { equals: course } }, { user: { equals: person } }, { status: { in: [...LEARNING] } }] }, overrideAccess: true, req })).totalDocs > 0

/** Makes a student's row for a class, or returns the one there is. */
export const attendanceRowFor = async (req: PayloadRequest, klass: ClassForAttendance, student: number, rows?: Attendance[]): Promise<Attendance> => {
  const found = (rows ?? (await req.payload.find({ collection: ATTENDANCE, where: { and: [{ liveClass: { equals: klass.id } }, { student: { equals: student } }] }, limit: 1, pagination: false, depth: 0, overrideAccess: true, req })).docs).find(
    (row) => referenceId(row.student) === student,
  )
  if (found) {
    return found
  }
  return asSystem(req, () =>
    req.payload.create({
      collection: ATTENDANCE,
      data: { tenant: referenceId(klass.tenant)!, liveClass: klass.id, course: referenceId(klass.course)!, student, status: 'pending', source: 'zoom', segments: [] },
      overrideAccess: true,
      depth: 0,
      req,
    }),
  )
}

/** Stays compared by what they say: PostgreSQL's jsonb keeps an object's keys in an order of its own. */
const sameStays = (a: readonly Segment[], b: readonly Segment[]): boolean => {
  const key = (list: readonly Segment[]) => JSON.stringify(list.map((s) => [s.stay, s.joinedAt ?? null, s.leftAt ?? null]))
  return key(a) === key(b)
}

/**
 * Measures a row again from its stays. A status set by staff stays theirs (and their minutes):
 * Zoom's later reports only add to the stays beside it.
 */
const remeasure = async (req: PayloadRequest, klass: ClassForAttendance, row: Attendance, segments: Segment[]): Promise<Attendance> => {
  const summary = summarizeAttendance(segments, classTimes(klass))
  const byStaff = row.source === 'staff'
  const data = {
    segments,
    firstJoinAt: summary.firstJoinAt,
    lastLeaveAt: summary.lastLeaveAt,
    ...(byStaff ? {} : { minutes: summary.minutes, share: summary.share, status: summary.status }),
  }
  const same = sameStays((row.segments ?? []) as Segment[], segments) && row.firstJoinAt === data.firstJoinAt && row.lastLeaveAt === data.lastLeaveAt && (byStaff || (row.minutes === summary.minutes && row.share === summary.share && row.status === summary.status))
  return same ? row : asSystem(req, () => req.payload.update({ collection: ATTENDANCE, id: row.id, data, overrideAccess: true, depth: 0, req }))
}

/** Who a participant of the meeting was: the student whose registration they joined through, else an enrolled student with their email. Staff and guests are nobody here. */
const studentOfParticipant = async (req: PayloadRequest, students: () => Promise<number[]>, rows: Attendance[], who: { registrantId?: string | null; email?: string | null }): Promise<number | undefined> => {
  const registered = who.registrantId ? rows.find((row) => row.registration?.registrantId === who.registrantId) : undefined
  if (registered) {
    return referenceId(registered.student) ?? undefined
  }
  const email = who.email?.trim().toLowerCase()
  if (!email) {
    return undefined
  }
  const person = (await req.payload.find({ collection: USERS, where: { email: { equals: email } }, limit: 1, pagination: false, depth: 0, select: { email: true }, overrideAccess: true, req })).docs[0]
  return person && (await students()).includes(person.id) ? person.id : undefined
}

/**
 * Adds stays of participants (from Zoom's events or its report) to the class's attendance, under
 * the class's attendance lock, so two events of one student never write over each other.
 * Answers how many of them were students of the class.
 */
export const addStays = async (req: PayloadRequest, klassId: number, stays: readonly (Segment & { registrantId?: string | null; email?: string | null })[]): Promise<number> => {
  await lockFor(req, LOCKS.attendance, klassId)
  const klass = await req.payload.findByID({ collection: LIVE_CLASSES, id: klassId, depth: 0, overrideAccess: true, req })
  const rows = await attendanceRowsOf(req, klassId)
  const byStudent = new Map<number, Segment[]>()
  // The course's students, read once for a whole report, and only if a participant came without their own link.
  let enrolled: Promise<number[]> | undefined
  const students = () => (enrolled ??= studentsOf(req, referenceId(klass.course)!))
  for (const stay of stays) {
    const student = await studentOfParticipant(req, students, rows, stay)
    if (student !== undefined) {
      byStudent.set(student, [...(byStudent.get(student) ?? []), { stay: stay.stay, joinedAt: stay.joinedAt, leftAt: stay.leftAt }])
    }
  }
  for (const [student, incoming] of byStudent) {
    const row = await attendanceRowFor(req, klass, student, rows)
    const segments = incoming.reduce((known, segment) => mergeSegment(known, segment), (row.segments ?? []) as Segment[])
    await remeasure(req, klass, row, segments)
  }
  return [...byStudent.values()].reduce((sum, list) => sum + list.length, 0)
}

/**
 * Measures every student of a class again: when it ends (and each time Zoom's report adds to
 * it), every enrolled student has a row, and one who never came is absent.
 */
export const measureClass = async (req: PayloadRequest, klassId: number): Promise<Attendance[]> => {
  await lockFor(req, LOCKS.attendance, klassId)
  const klass = await req.payload.findByID({ collection: LIVE_CLASSES, id: klassId, depth: 0, overrideAccess: true, req })
  const rows = await attendanceRowsOf(req, klassId)
  if (klass.status === 'ended') {
    for (const student of await studentsOf(req, referenceId(klass.course)!)) {
      if (!rows.some((row) => referenceId(row.student) === student)) {
        rows.push(await attendanceRowFor(req, klass, student, rows))
      }
    }
  }
  const measured: Attendance[] = []
  for (const row of rows) {
    measured.push(await remeasure(req, klass, row, (row.segments ?? []) as Segment[]))
  }
  return measured
}

/** After attendance changed: in a course that asks for a share of its classes' time, the students' progress (and completion) follows. */
export const refreshAttendanceProgress = async (req: PayloadRequest, course: number, students: readonly number[]): Promise<void> => {
  const { minAttendanceShare } = await req.payload.findByID({ collection: COURSES, id: course, depth: 0, select: { minAttendanceShare: true }, overrideAccess: true, req })
  if (!minAttendanceShare) {
    return
  }
  for (const student of students) {
    await refreshCompletion(req, course, student)
  }
}
