'use client'

import React, { useEffect, useState } from 'react'

import { callApi, type LearnContext, learnHref } from './context'
import { STRINGS } from './strings'

/** Email and password sign-in; Payload sets the session cookie. */
export const LoginForm = ({ context, next }: { context: LearnContext; next: string }) => {
  const t = STRINGS[context.locale]
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  // Before hydration a click would submit the form natively (a GET with the password in the address).
  const [ready, setReady] = useState(false)
  useEffect(() => setReady(true), [])
  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    const { status, body } = await callApi<{ errors?: { message: string }[] }>(context, '/api/users/login', {
      method: 'POST',
      body: JSON.stringify({ email, password }),
    })
    if (status === 200) {
      // Only paths of this site: never an address someone slipped into the link.
      window.location.assign(learnHref(next.startsWith('/learn') ? next : '/learn', context))
    } else {
      setError(body?.errors?.[0]?.message ?? `Error ${status}`)
    }
  }
  return (
    <main>
      <h1>{t.logIn}</h1>
      <form onSubmit={submit} method="post" data-ready={ready}>
        <label>
          {t.email} <input type="email" name="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label>
          {t.password}{' '}
          <input type="password" name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        <button type="submit" disabled={!ready}>
          {t.logIn}
        </button>
        {error ? <p role="alert">{error}</p> : null}
      </form>
    </main>
  )
}
