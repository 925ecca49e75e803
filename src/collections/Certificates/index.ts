import type { CollectionConfig } from 'payload'

import { recordCertificateEvents } from '@/domain/certificates/events'
import { emitEvents } from '@/hooks/emitEvents'
import { systemOnly } from '@/access/systemOnly'
import { ownerOrCourseStaff } from '@/access/ownerOrCourseStaff'
import { schoolAdmins } from '@/domain/identity/staff'
import { CERTIFICATE_FILES, CERTIFICATES, COURSES, ENROLLMENTS, USERS } from '@/shared/slugs'

import { reissueCertificate, revokeCertificate } from './endpoints/decide'
import { verifyCertificate } from './endpoints/verify'
import { applyRevocation } from './hooks/applyRevocation'

export const CERTIFICATE_STATUSES = ['valid', 'revoked'] as const

/** Facts fixed at issue: the PDF and the signed credential say the same. */
const issued = { access: systemOnly, admin: { readOnly: true } }

/**
 * A certificate earned by completing a course. Issued by a job when the enrollment
 * completes; one valid certificate per enrollment. Tenant-admins revoke (here, by
 * setting the status with a reason, or `POST /:id/revoke`) and re-issue (`POST /:id/reissue`).
 * Anyone verifies by serial at `/verify/<serial>` and `GET /api/certificates/verify/<serial>`.
 */
export const Certificates: CollectionConfig = {
  slug: CERTIFICATES,
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'status', 'issuedAt'],
    listSearchableFields: ['title', 'serial'],
    description: 'Revoke a certificate by setting its status to revoked, with a reason; "Re-issue" makes a fresh one for the same enrollment.',
    components: { edit: { beforeDocumentControls: ['@/collections/Certificates/admin/ReissueButton#ReissueButton'] } },
  },
  access: { read: ownerOrCourseStaff('holder'), create: () => false, update: schoolAdmins, delete: () => false },
  indexes: [{ fields: ['enrollment', 'status'] }],
  endpoints: [verifyCertificate, revokeCertificate, reissueCertificate],
  hooks: { beforeChange: [applyRevocation], afterChange: [emitEvents(recordCertificateEvents)] },
  fields: [
    { name: 'title', type: 'text', ...issued },
    { name: 'serial', type: 'text', required: true, unique: true, index: true, ...issued },
    {
      type: 'row',
      fields: [
        {
          name: 'status',
          type: 'select',
          required: true,
          defaultValue: 'valid',
          index: true,
          options: CERTIFICATE_STATUSES.map((value) => ({ label: value, value })),
        },
        { name: 'revokedReason', type: 'text', maxLength: 500, admin: { description: 'Required when revoking; shown on the verification page.' } },
      ],
    },
    { name: 'revokedAt', type: 'date', ...issued },
    { name: 'revokedBy', type: 'relationship', relationTo: USERS, ...issued },
    { name: 'holder', type: 'relationship', relationTo: USERS, required: true, index: true, ...issued },
    { name: 'enrollment', type: 'relationship', relationTo: ENROLLMENTS, required: true, index: true, ...issued },
    { name: 'course', type: 'relationship', relationTo: COURSES, required: true, index: true, ...issued },
    { name: 'holderName', type: 'text', required: true, ...issued },
    { name: 'courseTitle', type: 'text', required: true, ...issued },
    { name: 'schoolName', type: 'text', required: true, ...issued },
    { name: 'locale', type: 'text', required: true, ...issued },
    { name: 'issuedAt', type: 'date', required: true, ...issued },
    { name: 'file', type: 'upload', relationTo: CERTIFICATE_FILES, ...issued },
    { name: 'replaces', type: 'relationship', relationTo: CERTIFICATES, ...issued },
    {
      name: 'credential',
      type: 'textarea',
      ...issued,
      admin: { readOnly: true, description: 'Signed credential (JWS, EdDSA); check it with the key at /.well-known/jwks.json.' },
    },
  ],
}
