import type { CollectionConfig } from 'payload'

import { courseStaffField } from '@/access/courseStaffField'
import { nobody } from '@/access/nobody'
import { systemOnly } from '@/access/systemOnly'
import { RECORDING_STATUSES } from '@/domain/live/recordings'
import { COURSES, LIVE_CLASSES, RECORDINGS } from '@/shared/slugs'

import { deleteRecordings, readRecordings } from './access'
import { downloadRecording } from './endpoints/download'
import { removeFile } from './hooks/removeFile'

/** Read by nobody through the API: how the system reaches Zoom's copy. */
const secretField = { hidden: true, access: { read: nobody, create: nobody, update: nobody } }
const readOnly = (description?: string) => ({ access: systemOnly, admin: { readOnly: true, ...(description ? { description } : {}) } })

/**
 * One file of a live class's Zoom cloud recording (the video, the audio, the transcript), copied
 * into the app's own storage when Zoom says it is ready, with its SHA-256, and kept for the
 * school's retention period. Students learning in the course and its staff read them and download
 * their files (`GET /api/recordings/:id/file`); the course's staff may delete one. Written by
 * the system alone.
 */
export const Recordings: CollectionConfig = {
  slug: RECORDINGS,
  labels: { singular: 'Recording', plural: 'Recordings' },
  admin: { group: 'Live classes', useAsTitle: 'name', defaultColumns: ['name', 'liveClass', 'kind', 'status', 'size', 'retainUntil'] },
  access: { read: readRecordings, create: nobody, update: nobody, delete: deleteRecordings },
  endpoints: [downloadRecording],
  hooks: { afterDelete: [removeFile] },
  fields: [
    { name: 'file', type: 'ui', admin: { components: { Field: '@/admin/live/RecordingFile#RecordingFile' } } },
    {
      type: 'row',
      fields: [
        { name: 'liveClass', type: 'relationship', relationTo: LIVE_CLASSES, required: true, index: true, ...readOnly() },
        { name: 'course', type: 'relationship', relationTo: COURSES, required: true, index: true, ...readOnly() },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'kind',
          type: 'select',
          required: true,
          options: [
            { label: 'Video', value: 'video' },
            { label: 'Audio', value: 'audio' },
            { label: 'Transcript', value: 'transcript' },
          ],
          ...readOnly(),
        },
        { name: 'status', type: 'select', required: true, defaultValue: 'pending', index: true, options: RECORDING_STATUSES.map((value) => ({ label: value, value })), ...readOnly('Stored: copied from Zoom and checked.') },
        { name: 'name', type: 'text', ...readOnly('The name a download is saved under.') },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'mimeType', type: 'text', ...readOnly() },
        { name: 'size', type: 'number', ...readOnly('Bytes stored.') },
        { name: 'expectedSize', type: 'number', ...readOnly('Bytes, as Zoom said.') },
      ],
    },
    { name: 'sha256', type: 'text', ...readOnly('SHA-256 of the stored file, checked by reading it back.') },
    {
      type: 'row',
      fields: [
        { name: 'recordedFrom', type: 'date', ...readOnly(), admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'recordedUntil', type: 'date', ...readOnly(), admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'storedAt', type: 'date', ...readOnly(), admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'retainUntil', type: 'date', index: true, ...readOnly(), admin: { readOnly: true, description: 'Deleted then, by the school’s retention period.', date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'zoomDeletedAt', type: 'date', ...readOnly(), admin: { readOnly: true, description: 'When Zoom’s own copy was moved to its trash.', date: { pickerAppearance: 'dayAndTime' } } },
      ],
    },
    { name: 'transcript', type: 'textarea', ...readOnly('The transcript’s words, a line per cue with its time.'), admin: { readOnly: true, condition: (data) => data?.kind === 'transcript' } },
    // The stored file's own name, under recordings/ (in the bucket, or the data folder); backups copy it with the row.
    { name: 'filename', type: 'text', access: { ...systemOnly, read: courseStaffField }, admin: { readOnly: true } },
    { name: 'announced', type: 'checkbox', defaultValue: false, access: { ...systemOnly, read: courseStaffField }, admin: { readOnly: true, description: 'Told in live-class.recording-available.' } },
    { name: 'error', type: 'text', access: { ...systemOnly, read: courseStaffField }, admin: { readOnly: true, description: 'Why the last copy failed (it is tried again).' } },
    { name: 'attempts', type: 'number', access: { ...systemOnly, read: courseStaffField }, admin: { readOnly: true } },
    { name: 'zoomFileId', type: 'text', unique: true, access: { ...systemOnly, read: courseStaffField }, admin: { readOnly: true } },
    { name: 'zoomMeetingUuid', type: 'text', access: { ...systemOnly, read: courseStaffField }, admin: { readOnly: true } },
    { name: 'downloadUrl', type: 'text', ...secretField },
    // recording.completed's download token (24 hours), until the copy is done.
    { name: 'downloadToken', type: 'text', ...secretField },
    // Which copy attempt holds the file, and when it last said it was alive.
    { name: 'claimedAt', type: 'date', ...secretField },
    { name: 'claimToken', type: 'text', ...secretField },
  ],
}
