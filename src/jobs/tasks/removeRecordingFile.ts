import type { TaskConfig } from 'payload'

import { removeRecordingFile as remove } from '@/domain/live/recordings'

/** A deleted recording's stored file, removed once its delete is committed. */
export const removeRecordingFile: TaskConfig<'removeRecordingFile'> = {
  slug: 'removeRecordingFile',
  label: 'Remove a deleted recording’s file from storage',
  retries: { attempts: 10, backoff: { type: 'exponential', delay: 60_000 } },
  inputSchema: [{ name: 'filename', type: 'text', required: true }],
  handler: async ({ input }) => {
    await remove(input.filename)
    return { output: {} }
  },
}
