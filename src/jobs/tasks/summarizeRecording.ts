import type { TaskConfig } from 'payload'

import { summarizeRecording as summarize } from '@/domain/ai/summaries/summarize'

/** After live-class.recording-available with a transcript (or the staff's "write it again"): the AI's draft summary. */
export const summarizeRecording: TaskConfig<'summarizeRecording'> = {
  slug: 'summarizeRecording',
  label: 'Summarise a live class’s transcript with Gemini',
  // Only when Gemini could not be reached: a spent budget or an unusable answer is left failed for the staff.
  retries: { attempts: 5, backoff: { type: 'exponential', delay: 60_000 } },
  inputSchema: [
    { name: 'recording', type: 'number', required: true },
    { name: 'again', type: 'checkbox' },
  ],
  outputSchema: [{ name: 'outcome', type: 'text', required: true }],
  handler: async ({ input, req }) => ({ output: await summarize(req, input.recording, { again: input.again === true }) }),
}
