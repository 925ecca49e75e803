import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { sqlHandle } from '@/services/database/transactions'

export type ClassEngagement = {
  liveClass: number
  status: string
  students: number
  attended: number
  present: number
  late: number
  leftEarly: number
  absent: number
  excused: number
  /** Mean minutes of those who came. */
  averageMinutes: number
  /** Percent of the students expected (excused left out) who came. */
  attendanceRate: number
}

export type StudentAttendance = {
  student: number
  name: string | null
  email: string
  classes: number
  attended: number
  excused: number
  minutes: number
  /** Minutes attended over the ended classes' length, excused classes left out, in percent. */
  share: number
  progress: number
  enrollmentStatus: string
}

const round1 = (value: number): number => Math.round(value * 10) / 10

/** One class's engagement: who came, how late, how long. Counted in one statement from its attendance rows. */
export const classEngagement = async (req: PayloadRequest, liveClass: { id: number; status?: string | null }): Promise<ClassEngagement> => {
  const db = await sqlHandle(req)
  const { rows } = await db.execute(sql`
    select count(*)::int as students,
      count(*) filter (where status in ('present', 'late', 'left-early'))::int as attended,
      count(*) filter (where status = 'present')::int as present,
      count(*) filter (where status = 'late')::int as late,
      count(*) filter (where status = 'left-early')::int as left_early,
      count(*) filter (where status = 'absent')::int as absent,
      count(*) filter (where status = 'excused')::int as excused,
      coalesce(avg(minutes) filter (where status in ('present', 'late', 'left-early')), 0)::float as average_minutes
    from attendance where live_class_id = ${liveClass.id}`)
  const r = rows[0] as { students: number; attended: number; present: number; late: number; left_early: number; absent: number; excused: number; average_minutes: number }
  const expected = r.students - r.excused
  return {
    liveClass: liveClass.id,
    status: liveClass.status ?? 'scheduled',
    students: r.students,
    attended: r.attended,
    present: r.present,
    late: r.late,
    leftEarly: r.left_early,
    absent: r.absent,
    excused: r.excused,
    averageMinutes: round1(r.average_minutes),
    attendanceRate: expected > 0 ? round1((r.attended / expected) * 100) : 0,
  }
}

/**
 * Each student of a course: their attendance across its ended classes beside their progress,
 * in one statement. Students with no class held yet show zeros.
 */
export const courseAttendance = async (req: PayloadRequest, course: number): Promise<StudentAttendance[]> => {
  const db = await sqlHandle(req)
  const { rows } = await db.execute(sql`
    select e.user_id as student, u.name, u.email, e.status::text as enrollment_status, coalesce(e.progress, 0)::float as progress,
      count(a.id)::int as classes,
      count(a.id) filter (where a.status in ('present', 'late', 'left-early'))::int as attended,
      count(a.id) filter (where a.status = 'excused')::int as excused,
      coalesce(sum(a.minutes) filter (where a.status <> 'excused'), 0)::float as minutes,
      coalesce(sum(extract(epoch from (coalesce(c.ended_at, coalesce(c.started_at, c.starts_at) + c.duration_minutes * interval '1 minute') - coalesce(c.started_at, c.starts_at))) / 60) filter (where a.status <> 'excused'), 0)::float as held
    from enrollments e
    join users u on u.id = e.user_id
    -- Only the classes that ended: a student with none yet keeps their row, with zeros.
    left join (attendance a join live_classes c on c.id = a.live_class_id and c.status = 'ended') on a.student_id = e.user_id and a.course_id = e.course_id
    where e.course_id = ${course} and e.status in ('active', 'completed')
    group by e.user_id, u.name, u.email, e.status, e.progress
    order by u.name nulls last, u.email`)
  return (rows as { student: number; name: string | null; email: string; enrollment_status: string; progress: number; classes: number; attended: number; excused: number; minutes: number; held: number }[]).map((r) => ({
    student: Number(r.student),
    name: r.name,
    email: r.email,
    classes: r.classes,
    attended: r.attended,
    excused: r.excused,
    minutes: round1(r.minutes),
    share: r.held > 0 ? round1(Math.min(100, (r.minutes / r.held) * 100)) : 0,
    progress: Math.round(r.progress),
    enrollmentStatus: r.enrollment_status,
  }))
}
