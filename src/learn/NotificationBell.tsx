'use client'

import React, { useEffect, useRef, useState } from 'react'

import { callApi, type LearnContext, learnHref } from './context'
import { STRINGS } from './strings'

type Pushed = { id: number; title: string; body: string | null; link: string | null }
type Heard = { type: string; unread?: number; notification?: Pushed; catchUp?: boolean }

/**
 * The unread count in the top bar, kept live: a WebSocket to /api/notifications/live for the
 * school (named by ?school= or by the address; the session cookie signs it in) pushes each new
 * notification, shown at once in a polite live region, and the count. Dropped, it reconnects
 * with the last id it had, so nothing that came meanwhile is missed.
 */
export const NotificationBell = ({ context }: { context: LearnContext }) => {
  const t = STRINGS[context.locale]
  const [unread, setUnread] = useState<number | undefined>(undefined)
  const [fresh, setFresh] = useState<Pushed[]>([])
  const last = useRef<number | undefined>(undefined)

  useEffect(() => {
    void callApi<{ unread?: number }>(context, '/api/notifications/unread-count').then(({ body }) => setUnread(body?.unread))
    let socket: WebSocket | undefined
    let stopped = false
    let delay = 1000
    // Refusals (signed out, not a member) close before opening: after a few, it stops asking.
    let failedInARow = 0
    let opened = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const connect = () => {
      // Without ?school= the server knows the school from the address (its own domain or subdomain);
      // on the platform's address it refuses, and the bell does not ask again.
      const query = new URLSearchParams({ ...(context.school ? { school: context.school } : {}), ...(last.current ? { after: String(last.current) } : {}) })
      socket = new WebSocket(`${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api/notifications/live?${query.toString()}`)
      socket.onopen = () => {
        opened = true
        delay = 1000
        failedInARow = 0
      }
      socket.onmessage = (event: MessageEvent<string>) => {
        const heard = JSON.parse(event.data) as Heard
        if (typeof heard.unread === 'number') {
          setUnread(heard.unread)
        }
        if (heard.type === 'notification' && heard.notification) {
          const notification = heard.notification
          last.current = Math.max(last.current ?? 0, notification.id)
          setFresh((shown) => [notification, ...shown.filter((n) => n.id !== notification.id)].slice(0, 3))
        }
      }
      socket.onclose = (event: CloseEvent) => {
        failedInARow += 1
        // 4401: the session ended; a refusal before opening shows as 1006.
        if (event.code === 4401 || failedInARow > 5 || (!context.school && !opened)) {
          return
        }
        if (!stopped) {
          timer = setTimeout(connect, delay)
          delay = Math.min(delay * 2, 30_000)
        }
      }
    }
    connect()
    return () => {
      stopped = true
      clearTimeout(timer)
      socket?.close()
    }
  }, [context])

  return (
    <span className="notification-bell">
      <a href={learnHref('/learn/notifications', context)} data-testid="notifications-link">
        {t.notifications}
        {unread ? <span data-testid="unread-count"> ({t.unreadCount(unread)})</span> : null}
      </a>
      <span aria-live="polite" role="status" className="notification-toasts">
        {fresh.map((n) => (
          <span key={n.id} data-testid="live-notification" className="notification-toast">
            {n.link ? <a href={n.link}>{n.title}</a> : n.title}
            {n.body ? <span> {n.body}</span> : null}
          </span>
        ))}
      </span>
    </span>
  )
}
