'use client'

import { useConfig, useDocumentInfo, useFormFields, useTranslation } from '@payloadcms/ui'
import React from 'react'

const WORDS = {
  en: { download: 'Download', waiting: 'Being copied from Zoom.' },
  ar: { download: 'تنزيل', waiting: 'يُنسخ من Zoom.' },
}

/** On a recording: a player for the stored video or audio, and its download (from `GET /api/recordings/:id/file`). */
export const RecordingFile: React.FC = () => {
  const { id } = useDocumentInfo()
  const { config } = useConfig()
  const { i18n } = useTranslation()
  const words = i18n.language === 'ar' ? WORDS.ar : WORDS.en
  const kind = useFormFields(([fields]) => fields.kind?.value as string | undefined)
  const status = useFormFields(([fields]) => fields.status?.value as string | undefined)
  if (id === undefined) {
    return null
  }
  if (status !== 'stored') {
    return <p className="field-description">{words.waiting}</p>
  }
  const src = `${config.serverURL}${config.routes.api}/recordings/${id}/file`
  return (
    <div className="field-type" data-testid="recording-file" style={{ display: 'grid', gap: 8, maxWidth: 720 }}>
      {kind === 'video' ? <video controls preload="metadata" src={src} style={{ width: '100%' }} /> : null}
      {kind === 'audio' ? <audio controls preload="metadata" src={src} /> : null}
      <a href={src}>{words.download}</a>
    </div>
  )
}
