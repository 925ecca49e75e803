import type { CollectionConfig } from 'payload'

import { systemOnly } from '@/access/systemOnly'
import { ownerOrCourseStaff } from '@/access/ownerOrCourseStaff'
import { privateUpload } from '@/collections/privateUpload'
import { CERTIFICATE_FILES, COURSES, USERS } from '@/shared/slugs'

/**
 * Rendered certificate PDFs. Written only by the issuing service; downloaded, as
 * attachments, by the holder and the course's staff.
 */
export const CertificateFiles: CollectionConfig = {
  slug: CERTIFICATE_FILES,
  admin: { useAsTitle: 'filename', defaultColumns: ['filename', 'holder', 'course', 'createdAt'] },
  access: { read: ownerOrCourseStaff('holder'), create: () => false, update: () => false, delete: () => false },
  upload: privateUpload(CERTIFICATE_FILES),
  fields: [
    { name: 'holder', type: 'relationship', relationTo: USERS, required: true, index: true, access: systemOnly },
    { name: 'course', type: 'relationship', relationTo: COURSES, required: true, index: true, access: systemOnly },
  ],
}
