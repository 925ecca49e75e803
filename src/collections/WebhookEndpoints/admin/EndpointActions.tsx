'use client'

import { useDocumentInfo } from '@payloadcms/ui'
import React, { useEffect, useState } from 'react'

import { ActionButton } from '@/admin/ActionButton'

const handOverKey = (id: number | string) => `aqoon:new-webhook-secret:${id}`

/**
 * A new endpoint's secret, on the page the panel opens after creating it. The create answer
 * carries the secret (and nothing else ever does); Payload puts that answer into the document's
 * data and then moves to the new document's page, so the secret is handed over in this tab's
 * session storage and taken out again the moment it is shown: a reload shows nothing.
 */
const NewSecret: React.FC = () => {
  const { id, data } = useDocumentInfo()
  const [secret, setSecret] = useState<string | null>(null)
  const created = data as { id?: number | string; secret?: unknown } | undefined
  useEffect(() => {
    if (!id && created?.id !== undefined && typeof created.secret === 'string') {
      window.sessionStorage.setItem(handOverKey(created.id), created.secret)
    }
  }, [id, created?.id, created?.secret])
  useEffect(() => {
    if (id === undefined) {
      return
    }
    const handed = window.sessionStorage.getItem(handOverKey(id))
    if (handed) {
      window.sessionStorage.removeItem(handOverKey(id))
      setSecret(handed)
    }
  }, [id])
  if (!secret) {
    return null
  }
  return (
    <span role="status" id="new-secret">
      Signing secret, shown this once — copy it now:{' '}
      <code data-secret="" style={{ userSelect: 'all' }}>
        {secret}
      </code>
    </span>
  )
}

/** A new endpoint's secret, "Send test event" and "Rotate secret" on a webhook endpoint's page. */
export const EndpointActions: React.FC = () => (
  <>
    <NewSecret />
    <ActionButton collection="webhook-endpoints" action="test" label="Send test event" id="send-test-event" />
    <ActionButton
      collection="webhook-endpoints"
      action="rotate-secret"
      label="Rotate secret"
      id="rotate-secret"
      confirm="Make a new secret? The current one keeps signing deliveries for 24 hours beside it."
    />
  </>
)
