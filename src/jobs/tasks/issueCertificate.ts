import type { TaskConfig } from 'payload'

import { issueCertificate as issue } from '@/domain/certificates/issueCertificate'

/**
 * Issues the certificate of a completed enrollment. Queued when an enrollment completes;
 * safe to run twice (the service returns the certificate already issued).
 */
export const issueCertificate: TaskConfig<'issueCertificate'> = {
  slug: 'issueCertificate',
  label: 'Issue a course certificate',
  retries: { attempts: 3, backoff: { type: 'exponential', delay: 10_000 } },
  inputSchema: [{ name: 'enrollment', type: 'number', required: true }],
  outputSchema: [{ name: 'certificate', type: 'number' }],
  handler: async ({ input, req }) => {
    const issued = await issue({ req, enrollmentId: input.enrollment })
    return { output: { certificate: issued?.certificate.id } }
  },
}
