import type { TenantRole } from '@/domain/identity/roles'

import {
  API_KEYS,
  ASSIGNMENTS,
  CATEGORIES,
  CERTIFICATE_FILES,
  CERTIFICATES,
  COURSE_ACTIVITY,
  DOMAIN_EVENTS,
  COUPONS,
  COURSES,
  ENROLLMENTS,
  INVITATIONS,
  INVOICE_FILES,
  INVOICES,
  ORDERS,
  PAYMENT_PROOFS,
  PAYMENT_SETTINGS,
  PAYMENTS,
  SEAT_ASSIGNMENTS,
  SEAT_PLANS,
  SEAT_SUBSCRIPTIONS,
  MEDIA,
  SUBMISSION_FILES,
  SUBMISSIONS,
  TAGS,
  WEBHOOK_DELIVERIES,
  WEBHOOK_ENDPOINTS,
  ZOOM_SETTINGS,
  LIVE_CLASSES,
  ATTENDANCE,
  CALENDAR_FEEDS,
  RECORDINGS,
  QUIZZES,
  QUIZ_ATTEMPTS,
  AI_SETTINGS,
  AI_USAGE,
  TUTOR_MESSAGES,
  RECORDING_SUMMARIES,
  NOTIFICATIONS,
  NOTIFICATION_EMAILS,
} from '@/shared/slugs'

export type Creators = {
  /** Roles that may create a document, in a school where the requester holds one of them. */
  roles: readonly TenantRole[]
  /** Whether an API key's identity (a tenant-admin of its school) may create them too. */
  integrations: boolean
}

const systemOnly: Creators = { roles: [], integrations: false }

/**
 * Every collection whose documents belong to one school (the multi-tenant plugin gives them
 * their `tenant` field), and who may create them. The collections' create access and the
 * tenant field's own check, which runs after the school is known (sent, derived, or taken from
 * the admin panel's tenant cookie), both read this table. No roles: only the system creates.
 */
export const TENANT_CREATORS = {
  [MEDIA]: { roles: ['tenant-admin', 'instructor'], integrations: true },
  [API_KEYS]: { roles: ['tenant-admin'], integrations: false },
  [CATEGORIES]: { roles: ['tenant-admin'], integrations: true },
  [TAGS]: { roles: ['tenant-admin', 'instructor'], integrations: true },
  [COURSES]: { roles: ['tenant-admin', 'instructor'], integrations: true },
  [ENROLLMENTS]: { roles: ['tenant-admin', 'instructor'], integrations: true },
  [ASSIGNMENTS]: { roles: ['tenant-admin', 'instructor'], integrations: true },
  [SUBMISSIONS]: systemOnly,
  [SUBMISSION_FILES]: systemOnly,
  [CERTIFICATES]: systemOnly,
  [CERTIFICATE_FILES]: systemOnly,
  // Sent by bulk enrollment; their token is only ever in the email.
  [INVITATIONS]: systemOnly,
  // Written in the transaction of the change they record.
  [DOMAIN_EVENTS]: systemOnly,
  [WEBHOOK_ENDPOINTS]: { roles: ['tenant-admin'], integrations: true },
  [WEBHOOK_DELIVERIES]: systemOnly,
  [COURSE_ACTIVITY]: systemOnly,
  // Secrets and who gets paid: a school's admins in person, not its integrations.
  [PAYMENT_SETTINGS]: { roles: ['tenant-admin'], integrations: false },
  [COUPONS]: { roles: ['tenant-admin'], integrations: true },
  // Money records are written by the payments domain alone (checkout, webhooks, staff actions).
  [ORDERS]: systemOnly,
  [PAYMENTS]: systemOnly,
  [INVOICES]: systemOnly,
  [INVOICE_FILES]: systemOnly,
  // Uploaded through the order's proof endpoint, after the upload checks.
  [PAYMENT_PROOFS]: systemOnly,
  [SEAT_PLANS]: { roles: ['tenant-admin'], integrations: true },
  // Bought through the seat checkout; seats given and freed by the organisation's manager.
  [SEAT_SUBSCRIPTIONS]: systemOnly,
  [SEAT_ASSIGNMENTS]: systemOnly,
  // Credentials of the school's Zoom account: its admins in person.
  [ZOOM_SETTINGS]: { roles: ['tenant-admin'], integrations: false },
  // Scheduled by the course's staff (each class's course is checked when it is saved).
  [LIVE_CLASSES]: { roles: ['tenant-admin', 'instructor'], integrations: true },
  // Made from Zoom's registrations and events; the course's staff correct it.
  [ATTENDANCE]: systemOnly,
  // A person's own calendar of their classes: any member, never an API key.
  [CALENDAR_FEEDS]: { roles: ['tenant-admin', 'instructor', 'student'], integrations: false },
  // Copied from Zoom's cloud recordings by the system.
  [RECORDINGS]: systemOnly,
  // Set by the course's staff (each quiz's course is checked when it is saved).
  [QUIZZES]: { roles: ['tenant-admin', 'instructor'], integrations: true },
  // Started, answered and handed in through the attempt endpoints by the student.
  [QUIZ_ATTEMPTS]: systemOnly,
  // A school's AI budgets: its admins in person (the platform's ceiling on them is a super-admin's).
  [AI_SETTINGS]: { roles: ['tenant-admin'], integrations: false },
  // The AI ledger, written by the budget alone.
  [AI_USAGE]: systemOnly,
  // Written by the tutor endpoint: a student's questions and the tutor's answers.
  [TUTOR_MESSAGES]: systemOnly,
  // Written by the summaries job from a class's transcript; the course's staff edit and publish them.
  [RECORDING_SUMMARIES]: systemOnly,
  // Written by the notifications subscriber, one per person told of an event.
  [NOTIFICATIONS]: systemOnly,
  // The mail log, written by the notifications subscriber and the mail job.
  [NOTIFICATION_EMAILS]: systemOnly,
} as const satisfies Record<string, Creators>

export type TenantScopedSlug = keyof typeof TENANT_CREATORS

export const tenantScopedSlugs = Object.keys(TENANT_CREATORS) as TenantScopedSlug[]
