'use client'

import React, { useEffect, useState } from 'react'

import { LOCALES } from '@/i18n/locales'

import { callApi, type LearnContext, learnHref } from './context'
import { NotificationBell } from './NotificationBell'
import { STRINGS } from './strings'

type Me = { user: { name?: string; email?: string } | null }

/** The learner site's top bar: catalog link, locale switch, who is logged in. */
export const Header = ({ context, path }: { context: LearnContext; path: string }) => {
  const t = STRINGS[context.locale]
  const [me, setMe] = useState<Me['user'] | undefined>(undefined)
  useEffect(() => {
    void callApi<Me>(context, '/api/users/me').then(({ body }) => setMe(body?.user ?? null))
  }, [context])
  const logOut = async () => {
    await callApi(context, '/api/users/logout', { method: 'POST' })
    setMe(null)
  }
  return (
    <header className="learn-header">
      <a href={learnHref('/learn', context)}>{t.catalog}</a>
      <nav aria-label="locale">
        {LOCALES.map((l) => (
          <a key={l.code} href={learnHref(path, { ...context, locale: l.code })} aria-current={l.code === context.locale ? 'true' : undefined}>
            {l.label}
          </a>
        ))}
      </nav>
      {me === undefined ? null : me ? (
        <span>
          <NotificationBell context={context} /> <a href={learnHref('/learn/orders', context)}>{t.yourOrders}</a> <span data-testid="signed-in-as">{me.name ?? me.email}</span>{' '}
          <button type="button" onClick={logOut}>
            {t.logOut}
          </button>
        </span>
      ) : (
        <a href={learnHref('/learn/login', context, { next: path })}>{t.logIn}</a>
      )}
    </header>
  )
}
