import type { JobsConfig } from 'payload'

import { isSuperAdmin } from '@/access/isSuperAdmin'

import { expireEnrollments } from './tasks/expireEnrollments'
import { issueCertificate } from './tasks/issueCertificate'

/**
 * Background work (mail, Zoom, PDFs, billing) runs as Payload jobs. Payload's jobs
 * collection is readable by any logged-in user by default; only the platform may see it.
 */
export const jobs: JobsConfig = {
  tasks: [expireEnrollments, issueCertificate],
  access: {
    run: ({ req }) => isSuperAdmin(req.user),
    queue: ({ req }) => isSuperAdmin(req.user),
    cancel: ({ req }) => isSuperAdmin(req.user),
  },
  jobsCollectionOverrides: ({ defaultJobsCollection }) => ({
    ...defaultJobsCollection,
    access: {
      ...defaultJobsCollection.access,
      read: ({ req }) => isSuperAdmin(req.user),
    },
  }),
}
