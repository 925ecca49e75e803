import type { EventType } from '@/domain/events/catalog'
import type { StoredEvent } from '@/domain/events/subscriber'
import type { NoticeKind } from '@/i18n/notifications'

/**
 * Categories a person sets their preferences by. Critical kinds (money and a student's safety)
 * reach their people whatever the preferences say.
 */
export const NOTICE_CATEGORIES = ['courses', 'grades', 'live-classes', 'course-updates', 'reminders', 'payments', 'teaching'] as const
export type NoticeCategory = (typeof NOTICE_CATEGORIES)[number]

export const NOTICE_KINDS: Record<NoticeKind, { category: NoticeCategory; critical: boolean }> = {
  'enrollment-approved': { category: 'courses', critical: false },
  'enrollment-declined': { category: 'courses', critical: false },
  'course-completed': { category: 'courses', critical: false },
  'certificate-issued': { category: 'courses', critical: false },
  'grade-released': { category: 'grades', critical: false },
  'quiz-closed': { category: 'grades', critical: false },
  'class-scheduled': { category: 'live-classes', critical: false },
  'class-starting-soon': { category: 'live-classes', critical: false },
  'recording-available': { category: 'live-classes', critical: false },
  'summary-published': { category: 'course-updates', critical: false },
  'quiz-published': { category: 'course-updates', critical: false },
  'assignment-due-soon': { category: 'reminders', critical: false },
  'quiz-closing-soon': { category: 'reminders', critical: false },
  'payment-received': { category: 'payments', critical: true },
  'payment-failed': { category: 'payments', critical: true },
  'payment-refunded': { category: 'payments', critical: true },
  'seats-payment-due': { category: 'payments', critical: true },
  'seats-suspended': { category: 'payments', critical: true },
  'enrollment-requested': { category: 'teaching', critical: false },
  'submission-handed-in': { category: 'teaching', critical: false },
  'proof-uploaded': { category: 'teaching', critical: false },
  'tutor-flag': { category: 'teaching', critical: true },
  'summary-drafted': { category: 'teaching', critical: false },
}

export const NOTICE_KIND_NAMES = Object.keys(NOTICE_KINDS) as NoticeKind[]

/**
 * Who is told: one person, a course's students (active, or also those who finished it; or only
 * those who have not yet handed in an assignment or completed a quiz), its staff, or a school's admins.
 */
export type Audience =
  | { person: number }
  | { studentsOf: number; finishedToo?: boolean; notDone?: { assignment: number } | { quiz: number } }
  | { staffOf: number }
  | { adminsOf: number }

/** A titled thing a notification names, read from its table in each language. */
export type Titled = { table: 'assignments_locales' | 'quizzes_locales' | 'live_classes_locales' | 'recording_summaries_locales'; id: number }

/** Where a notification leads, once the course's and the school's slugs are known. */
export type Link =
  | { to: 'course'; quiz?: number }
  | { to: 'certificate'; serial: string }
  | { to: 'order'; reference: string }
  | { to: 'admin'; collection: string; id: number }

/** What one event tells whom, and the facts its words need. */
export type NoticePlan = {
  kind: NoticeKind
  audience: Audience
  course?: number
  item?: Titled
  when?: string
  minutes?: number
  percent?: number
  money?: { amount: number; currency: string }
  reference?: string
  /** The person the words name (a student who asked or handed in). */
  named?: number
  flag?: string
  organisation?: string
  link: Link
}

/** Events some notification is made of (which ones, and for whom, `planFor` decides). */
export const NOTIFYING_EVENTS: readonly EventType[] = [
  'enrollment.activated',
  'enrollment.cancelled',
  'enrollment.completed',
  'enrollment.requested',
  'submission.handed-in',
  'submission.grade-released',
  'quiz.attempt-graded',
  'certificate.issued',
  'payment.succeeded',
  'payment.failed',
  'payment.refunded',
  'payment.awaiting-approval',
  'seats.subscription-changed',
  'live-class.scheduled',
  'live-class.starting-soon',
  'live-class.recording-available',
  'summary.published',
  'summary.drafted',
  'quiz.published',
  'tutor.message-flagged',
  'assignment.due-soon',
  'quiz.closing-soon',
]

const num = (value: unknown): number => Number(value)
const str = (value: unknown): string => (typeof value === 'string' ? value : String(value ?? ''))

/**
 * The notification an event becomes, if any. Events a person caused themselves and sees the
 * result of at once (enrolling, handing in a quiz) tell nobody; the rest tell the people they
 * concern, learners on the learner site and staff in the admin panel.
 */
export const planFor = (event: StoredEvent): NoticePlan | undefined => {
  const p = event.payload
  const course = num(p.course)
  const toCourse: Link = { to: 'course' }
  switch (event.type) {
    case 'enrollment.activated':
      // Only an approval is news; enrolling oneself or being enrolled by staff is not.
      return p.previousStatus === 'pending' ? { kind: 'enrollment-approved', audience: { person: num(p.person) }, course, link: toCourse } : undefined
    case 'enrollment.cancelled':
      // A request staff turned down; someone leaving a course knows they did.
      return p.previousStatus === 'pending' && event.actorId !== num(p.person) ? { kind: 'enrollment-declined', audience: { person: num(p.person) }, course, link: toCourse } : undefined
    case 'enrollment.completed':
      return { kind: 'course-completed', audience: { person: num(p.person) }, course, link: toCourse }
    case 'enrollment.requested':
      return { kind: 'enrollment-requested', audience: { staffOf: course }, course, named: num(p.person), link: { to: 'admin', collection: 'enrollments', id: num(p.enrollment) } }
    case 'submission.handed-in':
      return { kind: 'submission-handed-in', audience: { staffOf: course }, course, item: { table: 'assignments_locales', id: num(p.assignment) }, named: num(p.student), link: { to: 'admin', collection: 'submissions', id: num(p.submission) } }
    case 'submission.grade-released':
      return { kind: 'grade-released', audience: { person: num(p.student) }, course, item: { table: 'assignments_locales', id: num(p.assignment) }, link: toCourse }
    case 'quiz.attempt-graded':
      return p.closedBy === 'time-limit'
        ? { kind: 'quiz-closed', audience: { person: num(p.student) }, course, item: { table: 'quizzes_locales', id: num(p.quiz) }, percent: Math.round(num(p.percent)), link: { to: 'course', quiz: num(p.quiz) } }
        : undefined
    case 'certificate.issued':
      return { kind: 'certificate-issued', audience: { person: num(p.holder) }, course, link: { to: 'certificate', serial: str(p.serial) } }
    case 'payment.succeeded':
      return { kind: 'payment-received', audience: { person: num(p.buyer) }, money: { amount: num(p.amount), currency: str(p.currency) }, reference: str(p.reference), link: { to: 'order', reference: str(p.reference) } }
    case 'payment.failed':
      return { kind: 'payment-failed', audience: { person: num(p.buyer) }, money: { amount: num(p.amount), currency: str(p.currency) }, reference: str(p.reference), link: { to: 'order', reference: str(p.reference) } }
    case 'payment.refunded':
      return { kind: 'payment-refunded', audience: { person: num(p.buyer) }, money: { amount: num(p.refunded), currency: str(p.currency) }, reference: str(p.reference), link: { to: 'order', reference: str(p.reference) } }
    case 'payment.awaiting-approval':
      return event.tenant === null
        ? undefined
        : { kind: 'proof-uploaded', audience: { adminsOf: event.tenant }, money: { amount: num(p.amount), currency: str(p.currency) }, reference: str(p.reference), link: { to: 'admin', collection: 'orders', id: num(p.order) } }
    case 'seats.subscription-changed': {
      const link: Link = { to: 'admin', collection: 'seat-subscriptions', id: num(p.subscription) }
      if (p.status === 'past-due' && p.previousStatus !== 'past-due') {
        return { kind: 'seats-payment-due', audience: { person: num(p.manager) }, organisation: str(p.organisation), link }
      }
      return p.suspended === true && p.status === 'lapsed' && p.previousStatus !== 'lapsed' ? { kind: 'seats-suspended', audience: { person: num(p.manager) }, organisation: str(p.organisation), link } : undefined
    }
    case 'live-class.scheduled':
      return { kind: 'class-scheduled', audience: { studentsOf: course }, course, item: { table: 'live_classes_locales', id: num(p.liveClass) }, when: str(p.startsAt), link: toCourse }
    case 'live-class.starting-soon':
      return { kind: 'class-starting-soon', audience: { studentsOf: course }, course, item: { table: 'live_classes_locales', id: num(p.liveClass) }, when: str(p.startsAt), minutes: num(p.minutesToStart), link: toCourse }
    case 'live-class.recording-available': {
      // Told once, for the video; a transcript or audio file that comes later is not news to a student.
      const files = Array.isArray(p.files) ? (p.files as { kind?: string }[]) : []
      return files.some((f) => f.kind === 'video') ? { kind: 'recording-available', audience: { studentsOf: course, finishedToo: true }, course, item: { table: 'live_classes_locales', id: num(p.liveClass) }, link: toCourse } : undefined
    }
    case 'summary.published':
      return { kind: 'summary-published', audience: { studentsOf: course, finishedToo: true }, course, item: { table: 'recording_summaries_locales', id: num(p.summary) }, link: toCourse }
    case 'summary.drafted':
      return { kind: 'summary-drafted', audience: { staffOf: course }, course, item: { table: 'live_classes_locales', id: num(p.liveClass) }, link: { to: 'admin', collection: 'recording-summaries', id: num(p.summary) } }
    case 'quiz.published':
      return { kind: 'quiz-published', audience: { studentsOf: course }, course, item: { table: 'quizzes_locales', id: num(p.quiz) }, when: typeof p.closesAt === 'string' ? p.closesAt : undefined, link: { to: 'course', quiz: num(p.quiz) } }
    case 'assignment.due-soon':
      return { kind: 'assignment-due-soon', audience: { studentsOf: course, notDone: { assignment: num(p.assignment) } }, course, item: { table: 'assignments_locales', id: num(p.assignment) }, when: str(p.dueAt), link: toCourse }
    case 'quiz.closing-soon':
      return { kind: 'quiz-closing-soon', audience: { studentsOf: course, notDone: { quiz: num(p.quiz) } }, course, item: { table: 'quizzes_locales', id: num(p.quiz) }, when: str(p.closesAt), link: { to: 'course', quiz: num(p.quiz) } }
    case 'tutor.message-flagged':
      return { kind: 'tutor-flag', audience: { staffOf: course }, course, flag: str(p.flag), link: { to: 'admin', collection: 'tutor-messages', id: num(p.message) } }
    default:
      return undefined
  }
}
