import type { TaskConfig } from 'payload'

import { closeExpiredAttempts } from '@/domain/coursework/quizzes/attempts'

/** Every five minutes: attempts whose time ran out without being handed in are graded on the answers saved in time. */
export const closeQuizAttempts: TaskConfig<'closeQuizAttempts'> = {
  slug: 'closeQuizAttempts',
  label: 'Close quiz attempts whose time ran out',
  schedule: [{ cron: '*/5 * * * *', queue: 'maintenance' }],
  outputSchema: [{ name: 'closed', type: 'number', required: true }],
  handler: async ({ req }) => ({ output: { closed: await closeExpiredAttempts(req) } }),
}
