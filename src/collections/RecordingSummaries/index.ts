import type { CollectionConfig } from 'payload'

import { courseStaffField } from '@/access/courseStaffField'
import { manageCourseWork, readCourseWork, readCourseWorkVersions } from '@/access/courseWork'
import { nobody } from '@/access/nobody'
import { systemOnly } from '@/access/systemOnly'
import { recordSummaryEvents } from '@/domain/ai/summaries/events'
import { emitEvents } from '@/hooks/emitEvents'
import { COURSES, LIVE_CLASSES, RECORDING_SUMMARIES, RECORDINGS } from '@/shared/slugs'

import { regenerateSummary } from './endpoints/regenerate'
import { checkSummaryRules } from './hooks/checkSummaryRules'

const systemField = (description?: string) => ({ access: { ...systemOnly, read: courseStaffField }, admin: { readOnly: true, ...(description ? { description } : {}) } })

/**
 * What a recorded live class covered: a title, a summary and timed key points, in every
 * language. The AI writes a draft from the class's transcript (`summary.drafted`); the course's
 * staff edit and publish it (`summary.published`). Published, its course's students read it
 * and the AI tutor draws on it. How the draft was written is for the staff's eyes.
 */
export const RecordingSummaries: CollectionConfig = {
  slug: RECORDING_SUMMARIES,
  labels: { singular: 'Recording summary', plural: 'Recording summaries' },
  admin: { group: 'Live classes', useAsTitle: 'title', defaultColumns: ['title', 'liveClass', 'generation.state', '_status', 'updatedAt'] },
  versions: { drafts: true, maxPerDoc: 20 },
  access: { read: readCourseWork, readVersions: readCourseWorkVersions, create: nobody, update: manageCourseWork, delete: manageCourseWork },
  endpoints: [regenerateSummary],
  hooks: { beforeChange: [checkSummaryRules], afterChange: [emitEvents(recordSummaryEvents)] },
  fields: [
    {
      type: 'row',
      fields: [
        { name: 'course', type: 'relationship', relationTo: COURSES, required: true, index: true, access: systemOnly, admin: { readOnly: true } },
        { name: 'liveClass', type: 'relationship', relationTo: LIVE_CLASSES, index: true, access: systemOnly, admin: { readOnly: true } },
        { name: 'recording', type: 'relationship', relationTo: RECORDINGS, unique: true, access: systemOnly, admin: { readOnly: true, description: 'The transcript it was written from (empty once the recording is no longer kept).' } },
      ],
    },
    { name: 'title', type: 'text', localized: true, maxLength: 200 },
    { name: 'summary', type: 'textarea', localized: true, maxLength: 20_000 },
    {
      name: 'keyPoints',
      type: 'array',
      maxRows: 30,
      admin: { description: 'The main points, each with the moment of the recording it is made.' },
      fields: [
        {
          type: 'row',
          fields: [
            { name: 'at', type: 'number', required: true, min: 0, max: 86_400, admin: { description: 'Seconds from the start of the recording.', width: '25%' } },
            { name: 'timestamp', type: 'text', access: systemOnly, admin: { readOnly: true, description: 'As people read it (m:ss).', width: '25%' } },
          ],
        },
        { name: 'text', type: 'textarea', localized: true, maxLength: 1000 },
      ],
    },
    {
      name: 'generation',
      type: 'group',
      ...systemField(),
      admin: { readOnly: true, description: 'How the AI wrote the draft.' },
      fields: [
        {
          name: 'state',
          type: 'select',
          index: true,
          options: [
            { label: 'Asked for again', value: 'queued' },
            { label: 'Being written', value: 'writing' },
            { label: 'Written', value: 'written' },
            { label: 'Failed', value: 'failed' },
          ],
          ...systemField(),
        },
        { name: 'startedAt', type: 'date', ...systemField(), admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'writtenAt', type: 'date', ...systemField(), admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'droppedKeyPoints', type: 'number', ...systemField('Key points the AI wrote without a time in the recording or without text: left out.') },
        { name: 'ledger', type: 'number', ...systemField('The AI ledger row of the call (ai-usage).') },
        { name: 'error', type: 'text', ...systemField('Why the last try failed (ask again with "Write again").') },
      ],
    },
  ],
}
