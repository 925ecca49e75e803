'use client'

import type { Notification, NotificationPreference } from '@/payload-types'

import React, { useEffect, useState } from 'react'

import { NOTICE_CATEGORIES } from '@/domain/notifications/kinds'
import { CATEGORY_FIELDS, EMAIL_FREQUENCIES, IN_APP_CHOICES } from '@/domain/notifications/preferences'

import { callApi, type LearnContext, learnHref } from './context'
import { STRINGS } from './strings'

type Me = { user: { id: number } | null }
type Choices = Record<'email' | 'inApp', Record<string, string>>

/** The person's notifications (newest first, unread marked), and how they want to hear of each category. */
export const NotificationCenter = ({ context }: { context: LearnContext }) => {
  const t = STRINGS[context.locale]
  const [signedIn, setSignedIn] = useState<boolean | undefined>(undefined)
  const [notices, setNotices] = useState<Notification[] | undefined>(undefined)
  const [prefs, setPrefs] = useState<NotificationPreference | null | undefined>(undefined)
  const [choices, setChoices] = useState<Choices>({ email: {}, inApp: {} })
  const [saved, setSaved] = useState<string | null>(null)

  const load = React.useCallback(async () => {
    const listed = await callApi<{ docs?: Notification[] }>(context, '/api/notifications?depth=0&sort=-createdAt&limit=50')
    setNotices(listed.body?.docs ?? [])
  }, [context])

  useEffect(() => {
    void (async () => {
      const me = (await callApi<Me>(context, '/api/users/me')).body?.user
      setSignedIn(Boolean(me))
      if (!me) {
        return
      }
      await load()
      const found = (await callApi<{ docs?: NotificationPreference[] }>(context, `/api/notification-preferences?where[person][equals]=${me.id}&depth=0`)).body?.docs?.[0] ?? null
      setPrefs(found)
      setChoices({ email: { ...((found?.email ?? {}) as Record<string, string>) }, inApp: { ...((found?.inApp ?? {}) as Record<string, string>) } })
    })()
  }, [context, load])

  const markAll = async () => {
    await callApi(context, '/api/notifications/read', { method: 'POST', body: JSON.stringify({ all: true }) })
    await load()
  }

  const save = async (event: React.FormEvent) => {
    event.preventDefault()
    // An empty choice means "as the school sets it": sent as null.
    const clean = (group: Record<string, string>) => Object.fromEntries(Object.entries(group).map(([k, v]) => [k, v || null]))
    const body = JSON.stringify({ email: clean(choices.email), inApp: clean(choices.inApp) })
    const answer = prefs ? await callApi<{ doc?: NotificationPreference }>(context, `/api/notification-preferences/${prefs.id}`, { method: 'PATCH', body }) : await callApi<{ doc?: NotificationPreference }>(context, '/api/notification-preferences', { method: 'POST', body })
    if (answer.body?.doc) {
      setPrefs(answer.body.doc)
    }
    setSaved(answer.status < 300 ? t.settingsSaved : String(answer.status))
  }

  const confirmMailbox = async () => {
    const answer = await callApi<{ status?: string; errors?: { message: string }[] }>(context, '/api/notification-preferences/confirm-address', { method: 'POST' })
    setSaved(answer.body?.errors?.[0]?.message ?? t.settingsSaved)
  }

  const date = new Intl.DateTimeFormat(context.locale, { dateStyle: 'medium', timeStyle: 'short' })
  return (
    <main aria-busy={signedIn === undefined}>
      <h1>{t.notifications}</h1>
      {signedIn === false ? (
        <a href={learnHref('/learn/login', context, { next: '/learn/notifications' })}>{t.loginToSeeNotifications}</a>
      ) : (
        <>
          <button type="button" onClick={markAll} data-testid="mark-all-read">
            {t.markAllRead}
          </button>
          {notices?.length === 0 ? <p>{t.noNotifications}</p> : null}
          <ul className="notifications">
            {notices?.map((n) => (
              <li key={n.id} data-testid="notification" data-unread={n.readAt ? undefined : 'true'}>
                <strong>{n.link ? <a href={n.link}>{n.title}</a> : n.title}</strong> <time dateTime={n.createdAt}>{date.format(new Date(n.createdAt))}</time>
                {n.body ? <p>{n.body}</p> : null}
              </li>
            ))}
          </ul>
          <h2>{t.notificationSettings}</h2>
          <form onSubmit={save}>
            <table>
              <thead>
                <tr>
                  <th />
                  <th>{t.byEmail}</th>
                  <th>{t.inTheApp}</th>
                </tr>
              </thead>
              <tbody>
                {NOTICE_CATEGORIES.map((category) => {
                  const field = CATEGORY_FIELDS[category]
                  const locked = category === 'payments'
                  return (
                    <tr key={category}>
                      <th scope="row">{t.categories[category]}</th>
                      <td>
                        <select aria-label={`${t.categories[category]}: ${t.byEmail}`} disabled={locked} value={choices.email[field] ?? ''} onChange={(e) => setChoices({ ...choices, email: { ...choices.email, [field]: e.target.value } })}>
                          <option value="">{t.asSchoolSets}</option>
                          {EMAIL_FREQUENCIES.map((f) => (
                            <option key={f} value={f}>
                              {t.frequencies[f]}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>
                        <select aria-label={`${t.categories[category]}: ${t.inTheApp}`} disabled={locked} value={choices.inApp[field] ?? ''} onChange={(e) => setChoices({ ...choices, inApp: { ...choices.inApp, [field]: e.target.value } })}>
                          <option value="">{t.inAppChoices.shown}</option>
                          {IN_APP_CHOICES.filter((c) => c !== 'shown').map((c) => (
                            <option key={c} value={c}>
                              {t.inAppChoices[c]}
                            </option>
                          ))}
                        </select>
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
            <button type="submit">{t.saveSettings}</button>{' '}
            <button type="button" onClick={confirmMailbox}>
              {t.mailboxWorksAgain}
            </button>
            {saved ? <p role="status">{saved}</p> : null}
          </form>
        </>
      )}
    </main>
  )
}
