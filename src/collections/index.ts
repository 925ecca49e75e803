import type { CollectionConfig } from 'payload'

import { withPlainJsonEditor } from '@/admin/fields/plainJsonEditor'
import { auditChange, auditDelete } from '@/hooks/auditChanges'
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

/** Hooks (and admin editors) every collection gets, so new collections are covered without extra code. */
const withCrossCuttingHooks = (collection: CollectionConfig): CollectionConfig => ({
  ...withPlainJsonEditor(collection),
  hooks: {
    ...collection.hooks,
    beforeOperation: [refuseSuspendedMembers, rejectMalformedInput, rejectMalformedQuery, ...(collection.hooks?.beforeOperation ?? [])],
    afterChange: [...(collection.hooks?.afterChange ?? []), auditChange],
    afterDelete: [...(collection.hooks?.afterDelete ?? []), auditDelete],
  },
})

/** The audit trail records the others; it is not itself audited. */
export const collections: CollectionConfig[] = [
  ...[Users, Tenants, Media, ApiKeys, Categories, Tags, Courses, Enrollments, Assignments, Submissions, SubmissionFiles, Certificates, CertificateFiles, Invitations].map(withCrossCuttingHooks),
  { ...AuditLogs, hooks: { beforeOperation: [refuseSuspendedMembers, rejectMalformedQuery] } },
]

