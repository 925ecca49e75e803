'use client'

import type { Attendance, LiveClass, Recording } from '@/payload-types'

import React, { useEffect, useState } from 'react'

import { callApi, type LearnContext } from './context'
import { STRINGS } from './strings'

type List<T> = { docs: T[] }
type Link = { url?: string; errors?: { message: string }[] }

/** A course's live classes for its student: when, a button for their own join link, and their attendance once measured. */
export const LiveClasses = ({ context, courseId, userId }: { context: LearnContext; courseId: number; userId: number }) => {
  const t = STRINGS[context.locale]
  const [classes, setClasses] = useState<LiveClass[]>([])
  const [attendance, setAttendance] = useState<Map<number, Attendance>>(new Map())
  const [links, setLinks] = useState<Record<number, Link>>({})
  const [recordings, setRecordings] = useState<Map<number, Recording[]>>(new Map())

  useEffect(() => {
    void (async () => {
      const query = `where[course][equals]=${courseId}&sort=startsAt&depth=0&limit=50&locale=${context.locale}`
      setClasses((await callApi<List<LiveClass>>(context, `/api/live-classes?${query}`)).body?.docs ?? [])
      const mine = (await callApi<List<Attendance>>(context, `/api/attendance?where[course][equals]=${courseId}&where[student][equals]=${userId}&depth=0&limit=100`)).body?.docs ?? []
      setAttendance(new Map(mine.map((row) => [row.liveClass as number, row])))
      const stored = (await callApi<List<Recording>>(context, `/api/recordings?where[course][equals]=${courseId}&where[status][equals]=stored&sort=-id&depth=0&limit=300&select[liveClass]=true&select[kind]=true`)).body?.docs ?? []
      const byClass = new Map<number, Recording[]>()
      for (const recording of stored) {
        byClass.set(recording.liveClass as number, [recording, ...(byClass.get(recording.liveClass as number) ?? [])])
      }
      setRecordings(byClass)
    })()
  }, [context, courseId, userId])

  if (classes.length === 0) {
    return null
  }
  const join = async (id: number) => {
    // Asked for on click, never listed: the link is the student's own.
    const { body } = await callApi<Link>(context, `/api/live-classes/${id}/join`)
    setLinks((known) => ({ ...known, [id]: body ?? {} }))
  }
  const when = (iso: string) => new Intl.DateTimeFormat(context.locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))

  return (
    <section aria-label={t.liveClasses} data-testid="live-classes">
      <h2>{t.liveClasses}</h2>
      <ul>
        {classes.map((klass) => {
          const row = attendance.get(klass.id)
          const link = links[klass.id]
          return (
            <li key={klass.id} data-testid="live-class">
              <strong>{klass.title}</strong> · <time dateTime={klass.startsAt}>{when(klass.startsAt)}</time> · {klass.durationMinutes} min
              {klass.status === 'cancelled' ? <span> · {t.classCancelled}</span> : null}
              {klass.status === 'live' ? <span> · {t.classLive}</span> : null}
              {klass.status === 'scheduled' || klass.status === 'live' ? (
                link?.url ? (
                  <>
                    {' '}
                    <a data-testid="join-link" href={link.url} rel="noopener noreferrer" target="_blank">
                      {t.openZoom}
                    </a>
                  </>
                ) : (
                  <>
                    {' '}
                    <button type="button" onClick={() => join(klass.id)}>
                      {t.joinClass}
                    </button>
                    {link?.errors ? <span role="alert"> {link.errors[0]?.message}</span> : null}
                  </>
                )
              ) : null}
              {recordings.get(klass.id)?.length ? (
                <p data-testid="recording">
                  {t.recording}:{' '}
                  {recordings.get(klass.id)!.map((recording, n) => (
                    <React.Fragment key={recording.id}>
                      {n > 0 ? ' · ' : null}
                      <a href={`/api/recordings/${recording.id}/file`}>{t.recordingKinds[recording.kind] ?? recording.kind}</a>
                    </React.Fragment>
                  ))}
                </p>
              ) : null}
              {row && klass.status === 'ended' ? <p data-testid="attendance">{t.yourAttendance(t.attendanceStatus[row.status ?? 'pending'] ?? row.status ?? '', row.minutes ?? 0)}</p> : null}
            </li>
          )
        })}
      </ul>
    </section>
  )
}
