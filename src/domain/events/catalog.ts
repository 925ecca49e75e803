import { z } from 'zod'

/**
 * Every domain event Aqoon emits: its type, the version of its payload, the payload's schema,
 * and an example (docs/events.md shows the same). A payload carries what a consumer needs
 * without reading anything back. A change to a payload's shape is a new version.
 */
const id = z.number().int().positive()
const when = z.iso.datetime({ offset: true })
const enrollmentStatus = z.enum(['pending', 'active', 'completed', 'cancelled', 'expired'])

const enrollment = z.object({
  enrollment: id,
  course: id,
  person: id,
  status: enrollmentStatus,
  previousStatus: enrollmentStatus.nullable(),
  source: z.enum(['self', 'staff', 'bulk', 'payment']),
  progress: z.number().min(0).max(100),
  at: when,
})

const submission = z.object({
  submission: id,
  assignment: id,
  course: id,
  student: id,
  attempt: z.number().int().positive(),
})

const payment = z.object({
  order: id,
  reference: z.string(),
  buyer: id,
  course: id.nullable(),
  amount: z.number().int().nonnegative(),
  currency: z.string().length(3),
  provider: z.enum(['stripe', 'paypal', 'bank']),
})

const course = z.object({ course: id, slug: z.string(), title: z.string() })

export const EVENT_CATALOG = {
  'enrollment.requested': {
    version: 1,
    description: 'A person asked to join a course that needs approval.',
    schema: enrollment,
    example: { enrollment: 41, course: 7, person: 12, status: 'pending', previousStatus: null, source: 'self', progress: 0, at: '2026-12-02T10:00:00.000Z' },
  },
  'enrollment.activated': {
    version: 1,
    description: 'A person has a place in a course: enrolled, approved, or let back in.',
    schema: enrollment,
    example: { enrollment: 41, course: 7, person: 12, status: 'active', previousStatus: 'pending', source: 'self', progress: 0, at: '2026-12-02T10:05:00.000Z' },
  },
  'enrollment.completed': {
    version: 1,
    description: 'Every required lesson and assignment is done (with released grades).',
    schema: enrollment,
    example: { enrollment: 41, course: 7, person: 12, status: 'completed', previousStatus: 'active', source: 'self', progress: 100, at: '2026-12-20T16:30:00.000Z' },
  },
  'enrollment.cancelled': {
    version: 1,
    description: 'Staff cancelled or rejected the enrollment, or the person left.',
    schema: enrollment,
    example: { enrollment: 41, course: 7, person: 12, status: 'cancelled', previousStatus: 'active', source: 'self', progress: 35, at: '2026-12-05T09:00:00.000Z' },
  },
  'enrollment.expired': {
    version: 1,
    description: 'The course ended while the enrollment was still running or waiting.',
    schema: enrollment,
    example: { enrollment: 41, course: 7, person: 12, status: 'expired', previousStatus: 'active', source: 'self', progress: 60, at: '2027-01-01T00:00:00.000Z' },
  },
  'submission.handed-in': {
    version: 1,
    description: 'A student handed in an attempt at an assignment.',
    schema: submission.extend({ submittedAt: when, late: z.boolean() }),
    example: { submission: 90, assignment: 15, course: 7, student: 12, attempt: 1, submittedAt: '2026-12-03T18:00:00.000Z', late: false },
  },
  'submission.graded': {
    version: 1,
    description: 'Staff graded an attempt (again). The student does not see it until it is released.',
    schema: submission.extend({ points: z.number(), finalPoints: z.number(), maxPoints: z.number().nullable(), gradedBy: id.nullable(), gradedAt: when }),
    example: { submission: 90, assignment: 15, course: 7, student: 12, attempt: 1, points: 8, finalPoints: 8, maxPoints: 10, gradedBy: 3, gradedAt: '2026-12-04T08:00:00.000Z' },
  },
  'submission.grade-released': {
    version: 1,
    description: 'A grade became visible to its student.',
    schema: submission.extend({ finalPoints: z.number(), releasedAt: when }),
    example: { submission: 90, assignment: 15, course: 7, student: 12, attempt: 1, finalPoints: 8, releasedAt: '2026-12-04T08:00:00.000Z' },
  },
  'certificate.issued': {
    version: 1,
    description: 'A certificate was issued for a completed enrollment.',
    schema: z.object({ certificate: id, serial: z.string(), holder: id, course: id, enrollment: id, issuedAt: when, replaces: id.nullable() }),
    example: { certificate: 5, serial: '7GQ2X9K4M1C8P3R6T0VW', holder: 12, course: 7, enrollment: 41, issuedAt: '2026-12-20T16:31:00.000Z', replaces: null },
  },
  'certificate.revoked': {
    version: 1,
    description: 'A certificate was revoked; its verification page now says so.',
    schema: z.object({ certificate: id, serial: z.string(), holder: id, course: id, reason: z.string(), revokedAt: when }),
    example: { certificate: 5, serial: '7GQ2X9K4M1C8P3R6T0VW', holder: 12, course: 7, reason: 'Issued in error.', revokedAt: '2026-12-21T10:00:00.000Z' },
  },
  'course.published': {
    version: 1,
    description: 'A course became published (first time or again).',
    schema: course,
    example: { course: 7, slug: 'intro-programming', title: 'Introduction to programming' },
  },
  'course.archived': {
    version: 1,
    description: 'A course was archived: it takes no new enrollments.',
    schema: course,
    example: { course: 7, slug: 'intro-programming', title: 'Introduction to programming' },
  },
  'payment.succeeded': {
    version: 1,
    description: "An order's money arrived (card, PayPal, or a bank transfer staff approved). The enrollment it bought is activated and an invoice issued.",
    schema: payment.extend({ payment: id, paidAt: when }),
    example: { order: 31, reference: 'AQ-7K2M-9QXD', buyer: 12, course: 7, amount: 4900, currency: 'USD', provider: 'stripe', payment: 58, paidAt: '2026-12-02T10:04:00.000Z' },
  },
  'payment.awaiting-approval': {
    version: 1,
    description: "A buyer uploaded proof of a bank transfer; the school's admins approve or reject it.",
    schema: payment,
    example: { order: 32, reference: 'AQ-4HNX-T7PB', buyer: 14, course: 7, amount: 4900, currency: 'USD', provider: 'bank' },
  },
  'payment.failed': {
    version: 1,
    description: 'A checkout ended without money: declined, expired, or a bank transfer rejected. Its hold on a place is released.',
    schema: payment.extend({ reason: z.string() }),
    example: { order: 31, reference: 'AQ-7K2M-9QXD', buyer: 12, course: 7, amount: 4900, currency: 'USD', provider: 'stripe', reason: 'The checkout expired.' },
  },
  'payment.refunded': {
    version: 1,
    description: 'Money went back to the buyer, in part or in full. A credit note is issued.',
    schema: payment.extend({ payment: id, refunded: z.number().int().nonnegative(), full: z.boolean(), refundedAt: when }),
    example: { order: 31, reference: 'AQ-7K2M-9QXD', buyer: 12, course: 7, amount: 1000, currency: 'USD', provider: 'stripe', payment: 61, refunded: 1000, full: false, refundedAt: '2026-12-05T09:00:00.000Z' },
  },
  'invoice.issued': {
    version: 1,
    description: 'An invoice or credit note got its number. Its PDF follows.',
    schema: z.object({ invoice: id, number: z.string(), kind: z.enum(['invoice', 'credit-note']), order: id, buyer: id, total: z.number().int(), currency: z.string(), issuedAt: when }),
    example: { invoice: 9, number: 'ACME-2026-000042', kind: 'invoice', order: 31, buyer: 12, total: 4900, currency: 'USD', issuedAt: '2026-12-02T10:04:00.000Z' },
  },
  'seats.subscription-changed': {
    version: 1,
    description: "An organisation's seat subscription changed state: paid up, behind with payment (grace period running), suspended, cancelled, or its number of seats.",
    schema: z.object({ subscription: id, organisation: z.string(), manager: id, status: z.enum(['pending', 'active', 'past-due', 'lapsed', 'cancelled']), previousStatus: z.enum(['pending', 'active', 'past-due', 'lapsed', 'cancelled']), seats: z.number().int().positive(), suspended: z.boolean(), graceUntil: when.nullable() }),
    example: { subscription: 4, organisation: 'Acme Logistics', manager: 20, status: 'past-due', previousStatus: 'active', seats: 25, suspended: false, graceUntil: '2027-01-09T10:00:00.000Z' },
  },
  'seats.assigned': {
    version: 1,
    description: 'A seat was given to a person (enrolled in every course of the plan) or freed.',
    schema: z.object({ subscription: id, assignment: id, person: id, status: z.enum(['active', 'freed']), by: id.nullable() }),
    example: { subscription: 4, assignment: 77, person: 31, status: 'active', by: 20 },
  },
  'person.joined-school': {
    version: 1,
    description: 'A person became a member of a school (invitation accepted, registration, or added by staff).',
    schema: z.object({ person: id, name: z.string().nullable(), email: z.string(), roles: z.array(z.enum(['tenant-admin', 'instructor', 'student'])) }),
    example: { person: 12, name: 'Amina Yusuf', email: 'amina@example.com', roles: ['student'] },
  },
  'live-class.scheduled': {
    version: 1,
    description: 'A live class was scheduled, or scheduled again after it was cancelled. Its Zoom meeting and its students’ registrations follow.',
    schema: z.object({ liveClass: id, course: id, title: z.string(), startsAt: when, durationMinutes: z.number().int().positive(), host: id }),
    example: { liveClass: 15, course: 7, title: 'Fractions, live', startsAt: '2026-12-09T14:00:00.000Z', durationMinutes: 60, host: 5 },
  },
  'live-class.starting-soon': {
    version: 1,
    description: 'A live class starts within the hour (announced once; again at its new time if it is moved later).',
    schema: z.object({ liveClass: id, course: id, host: id, startsAt: when, durationMinutes: z.number().int().positive(), minutesToStart: z.number().int().nonnegative() }),
    example: { liveClass: 15, course: 7, host: 5, startsAt: '2026-12-09T14:00:00.000Z', durationMinutes: 60, minutesToStart: 55 },
  },
  'live-class.ended': {
    version: 1,
    description: 'A live class’s Zoom meeting ended and its attendance was measured from Zoom’s events (Zoom’s participants report may still fill in what lost events missed).',
    schema: z.object({ liveClass: id, course: id, endedAt: when, students: z.number().int().nonnegative(), present: z.number().int().nonnegative(), late: z.number().int().nonnegative(), leftEarly: z.number().int().nonnegative(), absent: z.number().int().nonnegative() }),
    example: { liveClass: 15, course: 7, endedAt: '2026-12-09T15:02:00.000Z', students: 24, present: 19, late: 2, leftEarly: 1, absent: 2 },
  },
  'live-class.recording-available': {
    version: 1,
    description: 'Files of a live class’s Zoom recording (video, audio, transcript) are in the school’s own storage, checked by their SHA-256; its students and staff can watch them. Each file is told once: a transcript Zoom makes after the recording comes in an event of its own.',
    schema: z.object({
      liveClass: id,
      course: id,
      files: z.array(z.object({ recording: id, kind: z.enum(['video', 'audio', 'transcript']), size: z.number().int().nonnegative(), sha256: z.string() })),
      transcript: id.nullable(),
    }),
    example: {
      liveClass: 15,
      course: 7,
      files: [
        { recording: 41, kind: 'video', size: 734003200, sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' },
        { recording: 43, kind: 'transcript', size: 48213, sha256: '60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752' },
      ],
      transcript: 43,
    },
  },
  'quiz.published': {
    version: 1,
    description: 'A quiz was published for the first time: the students of its course can take it.',
    schema: z.object({ quiz: id, course: id, title: z.string(), questionCount: z.number().int().nonnegative(), totalPoints: z.number().nonnegative(), opensAt: when.nullable(), closesAt: when.nullable() }),
    example: { quiz: 9, course: 7, title: 'Fractions check', questionCount: 10, totalPoints: 12, opensAt: null, closesAt: '2026-12-20T23:59:00.000Z' },
  },
  'quiz.attempt-graded': {
    version: 1,
    description: 'A quiz attempt was graded: handed in by its student, or closed when its time ran out (with the answers saved before).',
    schema: z.object({
      attempt: id,
      quiz: id,
      course: id,
      student: id,
      number: z.number().int().positive(),
      score: z.number().nonnegative(),
      maxScore: z.number().nonnegative(),
      percent: z.number().min(0).max(100),
      passed: z.boolean(),
      closedBy: z.enum(['student', 'time-limit']),
      submittedAt: when,
    }),
    example: { attempt: 88, quiz: 9, course: 7, student: 12, number: 1, score: 10.5, maxScore: 12, percent: 87.5, passed: true, closedBy: 'student', submittedAt: '2026-12-18T09:41:00.000Z' },
  },
  'tutor.message-flagged': {
    version: 1,
    description: 'A student’s message to the AI tutor suggests self-harm, abuse or cheating: the course’s staff should look. The message itself is read through the API by the course’s staff (tutor-messages); it is not in the event.',
    schema: z.object({ message: id, course: id, student: id, flag: z.enum(['self-harm', 'abuse', 'cheating']), at: when }),
    example: { message: 301, course: 7, student: 12, flag: 'self-harm', at: '2026-12-18T21:04:00.000Z' },
  },
  'assignment.due-soon': {
    version: 1,
    description: 'An assignment is due within 24 hours (told once for each due date; again if it is moved). Its course’s students who have not handed it in are reminded.',
    schema: z.object({ assignment: id, course: id, title: z.string(), dueAt: when }),
    example: { assignment: 15, course: 7, title: 'Essay on fractions', dueAt: '2026-12-10T23:59:00.000Z' },
  },
  'quiz.closing-soon': {
    version: 1,
    description: 'A quiz closes within 24 hours (told once for each closing time; again if it is moved). Its course’s students who have not completed an attempt are reminded.',
    schema: z.object({ quiz: id, course: id, title: z.string(), closesAt: when }),
    example: { quiz: 9, course: 7, title: 'Fractions check', closesAt: '2026-12-20T23:59:00.000Z' },
  },
  'summary.drafted': {
    version: 1,
    description: 'The AI wrote the draft summary of a live class’s recording from its transcript (title, summary, timed key points, in every language): the course’s staff review, edit and publish it.',
    schema: z.object({ summary: id, course: id, liveClass: id, recording: id, keyPoints: z.number().int().nonnegative(), droppedKeyPoints: z.number().int().nonnegative() }),
    example: { summary: 31, course: 7, liveClass: 15, recording: 43, keyPoints: 6, droppedKeyPoints: 0 },
  },
  'summary.published': {
    version: 1,
    description: 'A recording’s summary was published for the first time: the students of its course can read it, and the AI tutor draws on it. Its class and transcript are null when they were deleted before.',
    schema: z.object({ summary: id, course: id, liveClass: id.nullable(), recording: id.nullable(), title: z.string(), keyPoints: z.number().int().nonnegative() }),
    example: { summary: 31, course: 7, liveClass: 15, recording: 43, title: 'Fractions: adding unlike denominators', keyPoints: 6 },
  },
} as const

export type EventType = keyof typeof EVENT_CATALOG
export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[]
export type EventPayload<T extends EventType> = z.infer<(typeof EVENT_CATALOG)[T]['schema']>

export const isEventType = (value: unknown): value is EventType => typeof value === 'string' && value in EVENT_CATALOG
