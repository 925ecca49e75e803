'use client'

import React, { useEffect, useState } from 'react'

import { callApi, type LearnContext, learnHref } from './context'
import { STRINGS } from './strings'

type Preview = { school: string; course: string | null; email: string; needs: 'account' | 'password' | 'nothing' }
type Errors = { errors?: { message: string; data?: { errors?: { message: string }[] } }[] }

const firstError = (body: Errors | null, fallback: string): string =>
  body?.errors?.[0]?.data?.errors?.[0]?.message ?? body?.errors?.[0]?.message ?? fallback

/**
 * Accepting an invitation: what it is for, then a name and a password for someone new, a new
 * password for an unconfirmed account at the address, or just a click. The person logs in after.
 */
export const InvitationForm = ({ context, token }: { context: LearnContext; token: string }) => {
  const t = STRINGS[context.locale]
  const [preview, setPreview] = useState<Preview | null>(null)
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [accepted, setAccepted] = useState(false)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    void callApi<Preview & Errors>(context, `/api/invitations/preview?token=${encodeURIComponent(token)}`).then(({ status, body }) =>
      status === 200 ? setPreview(body) : setError(firstError(body, t.invitationInvalid)),
    )
  }, [context, token, t.invitationInvalid])

  const accept = async (event: React.FormEvent) => {
    event.preventDefault()
    setBusy(true)
    const needs = preview?.needs
    const { status, body } = await callApi<Errors>(context, '/api/invitations/accept', {
      method: 'POST',
      body: JSON.stringify({ token, ...(needs === 'account' ? { name } : {}), ...(needs !== 'nothing' ? { password } : {}) }),
    })
    setBusy(false)
    if (status === 200) {
      setAccepted(true)
    } else {
      setError(firstError(body, t.invitationInvalid))
    }
  }

  return (
    <main>
      <h1>{t.invitation}</h1>
      {preview ? <p>{t.invitedTo(preview.school, preview.course)}</p> : null}
      {accepted ? (
        <p role="status">
          {t.accepted} <a href={learnHref('/learn/login', context)}>{t.logIn}</a>
        </p>
      ) : preview ? (
        <form onSubmit={accept} method="post">
          <p>{preview.email}</p>
          {preview.needs === 'password' ? <p>{t.claimAccount}</p> : null}
          {preview.needs === 'account' ? (
            <label>
              {t.name} <input name="name" autoComplete="name" maxLength={120} value={name} onChange={(e) => setName(e.target.value)} required />
            </label>
          ) : null}
          {preview.needs !== 'nothing' ? (
            <label>
              {t.choosePassword}{' '}
              <input type="password" name="password" autoComplete="new-password" minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} required />
            </label>
          ) : null}
          <button type="submit" disabled={busy}>
            {t.accept}
          </button>
        </form>
      ) : null}
      {error ? <p role="alert">{error}</p> : null}
    </main>
  )
}
