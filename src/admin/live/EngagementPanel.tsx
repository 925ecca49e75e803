'use client'

import { useConfig, useDocumentInfo, useTranslation } from '@payloadcms/ui'
import React, { useEffect, useState } from 'react'

import type { ClassEngagement } from '@/domain/live/engagement'

const WORDS = {
  en: { title: 'Engagement', students: 'Students', attended: 'Attended', present: 'Present', late: 'Late', leftEarly: 'Left early', absent: 'Absent', excused: 'Excused', averageMinutes: 'Average minutes', rate: 'Attendance rate', none: 'Measured from Zoom when the class ends.' },
  ar: { title: 'المشاركة', students: 'الطلاب', attended: 'حضروا', present: 'حاضر', late: 'متأخر', leftEarly: 'غادر مبكراً', absent: 'غائب', excused: 'معذور', averageMinutes: 'متوسط الدقائق', rate: 'نسبة الحضور', none: 'تُحتسب من Zoom عند انتهاء الحصة.' },
}

/** On a live class: who came, how late, how long (from `GET /api/live-classes/:id/engagement`). */
export const EngagementPanel: React.FC = () => {
  const { id } = useDocumentInfo()
  const { config } = useConfig()
  const { i18n } = useTranslation()
  const words = i18n.language === 'ar' ? WORDS.ar : WORDS.en
  const [engagement, setEngagement] = useState<ClassEngagement | null>(null)

  useEffect(() => {
    if (id === undefined) {
      return
    }
    void fetch(`${config.serverURL}${config.routes.api}/live-classes/${id}/engagement`, { credentials: 'include' })
      .then(async (response) => (response.ok ? setEngagement((await response.json()) as ClassEngagement) : undefined))
      .catch(() => undefined)
  }, [config.routes.api, config.serverURL, id])

  if (id === undefined || !engagement) {
    return null
  }
  const rows: [string, string | number][] = [
    [words.students, engagement.students],
    [words.attended, engagement.attended],
    [words.present, engagement.present],
    [words.late, engagement.late],
    [words.leftEarly, engagement.leftEarly],
    [words.absent, engagement.absent],
    [words.excused, engagement.excused],
    [words.averageMinutes, engagement.averageMinutes],
    [words.rate, `${engagement.attendanceRate}%`],
  ]
  return (
    <section aria-label={words.title} data-testid="engagement" style={{ marginBottom: 'var(--base)' }}>
      <h3>{words.title}</h3>
      {engagement.status !== 'ended' ? <p>{words.none}</p> : null}
      <dl style={{ display: 'grid', gridTemplateColumns: 'max-content auto', gap: '0.25rem 1rem' }}>
        {rows.map(([label, value]) => (
          <React.Fragment key={label}>
            <dt>{label}</dt>
            <dd style={{ margin: 0 }}>{value}</dd>
          </React.Fragment>
        ))}
      </dl>
    </section>
  )
}
