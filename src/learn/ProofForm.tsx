'use client'

import React, { useEffect, useState } from 'react'

import { callApi, type LearnContext } from './context'
import { STRINGS } from './strings'

type Errors = { errors?: { message: string }[] }

/** The buyer's proof of a bank transfer, sent as the multipart `file` the proof endpoint takes. */
export const ProofForm = ({ context, orderId, onSent }: { context: LearnContext; orderId: number; onSent: () => Promise<void> }) => {
  const t = STRINGS[context.locale]
  const [file, setFile] = useState<File | null>(null)
  const [busy, setBusy] = useState(false)
  const [sent, setSent] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // Before hydration a click would post the form natively, away from this page.
  const [ready, setReady] = useState(false)
  useEffect(() => setReady(true), [])

  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    if (!file) {
      return
    }
    setBusy(true)
    setError(null)
    const form = new FormData()
    form.append('file', file)
    const { status, body } = await callApi<Errors>(context, `/api/orders/${orderId}/proof`, { method: 'POST', body: form })
    setBusy(false)
    if (status === 200) {
      setSent(true)
      await onSent()
    } else {
      setError(body?.errors?.[0]?.message ?? `Error ${status}`)
    }
  }

  return (
    <form onSubmit={submit} method="post" encType="multipart/form-data" data-ready={ready} aria-label={t.proofTitle}>
      <h2>{t.proofTitle}</h2>
      <p className="muted">{t.proofHelp}</p>
      <label>
        {t.proofFile} <input type="file" name="file" accept=".pdf,.png,.jpg,.jpeg,.webp" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <button type="submit" disabled={!ready || busy}>
        {t.sendProof}
      </button>
      {sent ? <p role="status">{t.proofSent}</p> : null}
      {error ? <p role="alert">{error}</p> : null}
    </form>
  )
}
