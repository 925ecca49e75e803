'use client'

import { Button, useConfig, useDocumentInfo } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import React, { useState } from 'react'

type Answer = { message?: string; secret?: string; errors?: { message: string }[] }

/**
 * A button on a document's page that POSTs to one of its collection's endpoints
 * (`/api/<collection>/<id>/<action>`) and shows the answer's message (and a secret, once).
 */
export const ActionButton: React.FC<{ collection: string; action: string; label: string; confirm?: string; id?: string }> = ({ collection, action, label, confirm, id: buttonId }) => {
  const { id, docPermissions } = useDocumentInfo()
  const { config } = useConfig()
  const router = useRouter()
  const [busy, setBusy] = useState(false)
  const [answer, setAnswer] = useState<Answer | null>(null)
  if (!id || !docPermissions?.read) {
    return null
  }
  const run = async () => {
    if (confirm && !window.confirm(confirm)) {
      return
    }
    setBusy(true)
    const response = await fetch(`${config.serverURL}${config.routes.api}/${collection}/${id}/${action}`, { method: 'POST', credentials: 'include' })
    const body = (await response.json().catch(() => ({}))) as Answer
    setBusy(false)
    setAnswer(response.ok ? body : { message: body.errors?.[0]?.message ?? `${label} failed.` })
    router.refresh()
  }
  return (
    <>
      <Button buttonStyle="secondary" disabled={busy} id={buttonId} margin={false} onClick={() => void run()} size="medium">
        {label}
      </Button>
      {answer?.message ? <span role="status">{answer.message}</span> : null}
      {answer?.secret ? (
        <code data-secret="" style={{ userSelect: 'all' }}>
          {answer.secret}
        </code>
      ) : null}
    </>
  )
}
