'use client'

import { Button, useConfig, useDocumentInfo } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import React, { useState } from 'react'

/**
 * "Re-issue" on a certificate's page, for those who may change it (the school's admins):
 * a fresh certificate for the same enrollment, the old one revoked if still valid. Opens
 * the new certificate when done.
 */
export const ReissueButton: React.FC = () => {
  const { id, docPermissions } = useDocumentInfo()
  const { config } = useConfig()
  const router = useRouter()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  if (!id || !docPermissions?.update) {
    return null
  }
  const reissue = async () => {
    if (!window.confirm('Issue a new certificate (new serial and PDF) and revoke this one if it is still valid?')) {
      return
    }
    setBusy(true)
    setError(null)
    const response = await fetch(`${config.serverURL}${config.routes.api}/certificates/${id}/reissue`, { method: 'POST', credentials: 'include' })
    const body = (await response.json()) as { doc?: { id: number }; errors?: { message: string }[] }
    setBusy(false)
    if (!response.ok || !body.doc) {
      setError(body.errors?.[0]?.message ?? 'The certificate could not be re-issued.')
      return
    }
    router.push(`${config.routes.admin}/collections/certificates/${body.doc.id}`)
  }
  return (
    <>
      <Button buttonStyle="secondary" disabled={busy} id="reissue-certificate" margin={false} onClick={() => void reissue()} size="medium">
        Re-issue
      </Button>
      {error ? <span role="alert">{error}</span> : null}
    </>
  )
}
