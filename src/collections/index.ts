import type { CollectionConfig } from 'payload'

import { withPlainJsonEditor } from '@/admin/fields/plainJsonEditor'
import { auditChange, auditDelete } from '@/hooks/auditChanges'
import { lockBeforeDelete } from '@/hooks/lockBeforeDelete'
import { refuseSuspendedMembers } from '@/hooks/refuseSuspendedMembers'
import { rejectMalformedInput } from '@/hooks/rejectMalformedInput'
import { rejectMalformedQuery } from '@/hooks/rejectMalformedQuery'

import { ApiKeys } from './ApiKeys'
import { Assignments } from './Assignments'
import { AuditLogs } from './AuditLogs'
import { Categories } from './Categories'
import { CertificateFiles } from './CertificateFiles'
import { Certificates } from './Certificates'
import { Courses } from './Courses'
import { Enrollments } from './Enrollments'
import { Invitations } from './Invitations'
import { Media } from './Media'
import { SubmissionFiles } from './SubmissionFiles'
import { Submissions } from './Submissions'
import { Tags } from './Tags'
import { Tenants } from './Tenants'
import { Users } from './Users'
import { CourseActivity } from './CourseActivity'
import { Coupons } from './Coupons'
import { InvoiceFiles } from './InvoiceFiles'
import { Invoices } from './Invoices'
import { Orders } from './Orders'
import { PaymentProofs } from './PaymentProofs'
import { PaymentSettings } from './PaymentSettings'
import { ZoomSettings } from './ZoomSettings'
import { LiveClasses } from './LiveClasses'
import { Attendance } from './Attendance'
import { CalendarFeeds } from './CalendarFeeds'
import { Recordings } from './Recordings'
import { QuizAttempts } from './QuizAttempts'
import { Quizzes } from './Quizzes'
import { AiSettings } from './AiSettings'
import { AiUsage } from './AiUsage'
import { TutorMessages } from './TutorMessages'
import { Notifications } from './Notifications'
import { NotificationEmails } from './NotificationEmails'
import { NotificationPreferences } from './NotificationPreferences'
import { RecordingSummaries } from './RecordingSummaries'
import { Payments } from './Payments'
import { ProviderEvents } from './ProviderEvents'
import { SeatAssignments } from './SeatAssignments'
import { SeatPlans } from './SeatPlans'
import { SeatSubscriptions } from './SeatSubscriptions'
import { DomainEvents } from './DomainEvents'
import { EventReceipts } from './EventReceipts'
import { WebhookDeliveries } from './WebhookDeliveries'
import { WebhookEndpoints } from './WebhookEndpoints'

/** Hooks (and admin editors) every collection gets, so new collections are covered without extra code. */
const withCrossCuttingHooks = (collection: CollectionConfig): CollectionConfig => ({
  ...withPlainJsonEditor(collection),
  hooks: {
    ...collection.hooks,
    beforeOperation: [refuseSuspendedMembers, rejectMalformedInput, rejectMalformedQuery, ...(collection.hooks?.beforeOperation ?? [])],
    // The row's lock first: the other beforeDelete hooks then see the document as the delete will.
    beforeDelete: [lockBeforeDelete, ...(collection.hooks?.beforeDelete ?? [])],
    afterChange: [...(collection.hooks?.afterChange ?? []), auditChange],
    afterDelete: [...(collection.hooks?.afterDelete ?? []), auditDelete],
  },
})

/**
 * Reads only: written by the system alone (raw, in the transaction of their cause), never audited.
 * Tutor conversations are not audited either: the trail, read by a school's admins, would copy
 * what students ask into it. Nor are notifications: they repeat what the trail already holds.
 */
const asRecord = (collection: CollectionConfig): CollectionConfig => ({
  ...withPlainJsonEditor(collection),
  hooks: { ...collection.hooks, beforeOperation: [refuseSuspendedMembers, rejectMalformedQuery, ...(collection.hooks?.beforeOperation ?? [])] },
})

/** The audit trail records the others; it, the event outbox and the delivery records are not themselves audited. */
export const collections: CollectionConfig[] = [
  ...[Users, Tenants, Media, ApiKeys, Categories, Tags, Courses, Enrollments, Assignments, Submissions, SubmissionFiles, Certificates, CertificateFiles, Invitations, WebhookEndpoints, PaymentSettings, Coupons, Orders, Payments, Invoices, InvoiceFiles, PaymentProofs, SeatPlans, SeatSubscriptions, SeatAssignments, ZoomSettings, LiveClasses, Attendance, CalendarFeeds, Recordings, RecordingSummaries, Quizzes, QuizAttempts, AiSettings, NotificationPreferences].map(
    withCrossCuttingHooks,
  ),
  ...[AuditLogs, DomainEvents, EventReceipts, WebhookDeliveries, CourseActivity, ProviderEvents, AiUsage, TutorMessages, Notifications, NotificationEmails].map(asRecord),
]

