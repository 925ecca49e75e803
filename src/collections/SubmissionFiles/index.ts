import type { CollectionConfig } from 'payload'

import { systemOnly } from '@/access/systemOnly'
import { deleteSubmissions, readSubmissions } from '@/collections/Submissions/access/submissionAccess'
import { privateUpload } from '@/collections/privateUpload'
import { COURSES, SUBMISSION_FILES, SUBMISSIONS, USERS } from '@/shared/slugs'

/**
 * Files handed in with a submission. Stored only after the upload checks (type, content,
 * virus scan) under a generated name; downloaded as attachments by those who may read
 * the submission: its student and the course staff.
 */
export const SubmissionFiles: CollectionConfig = {
  slug: SUBMISSION_FILES,
  admin: { useAsTitle: 'originalName', defaultColumns: ['originalName', 'submission', 'filesize', 'createdAt'] },
  access: { read: readSubmissions, create: () => false, update: () => false, delete: deleteSubmissions },
  upload: privateUpload(SUBMISSION_FILES),
  fields: [
    { name: 'submission', type: 'relationship', relationTo: SUBMISSIONS, required: true, index: true, access: systemOnly },
    { name: 'course', type: 'relationship', relationTo: COURSES, required: true, index: true, access: systemOnly },
    { name: 'student', type: 'relationship', relationTo: USERS, required: true, index: true, access: systemOnly },
    { name: 'originalName', type: 'text', maxLength: 255, access: systemOnly },
  ],
}
