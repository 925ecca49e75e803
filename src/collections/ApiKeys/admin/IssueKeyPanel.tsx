'use client'

import type { Tenant } from '@/payload-types'

import { Button, useConfig } from '@payloadcms/ui'
import React, { useEffect, useState } from 'react'

type Issued = { name: string; key: string }

/**
 * Issues a key from the admin panel and shows it this once: the API returns the
 * key only in the create response, which Payload's own create form does not display.
 */
export const IssueKeyPanel: React.FC = () => {
  const { config } = useConfig()
  const api = `${config.serverURL}${config.routes.api}`
  const [tenants, setTenants] = useState<Pick<Tenant, 'id' | 'name'>[]>([])
  const [tenant, setTenant] = useState<string>('')
  const [name, setName] = useState('')
  const [issued, setIssued] = useState<Issued | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    void fetch(`${api}/tenants?limit=100&depth=0&select[name]=true`, { credentials: 'include' })
      .then((response) => response.json())
      .then((body: { docs?: Pick<Tenant, 'id' | 'name'>[] }) => {
        setTenants(body.docs ?? [])
        setTenant(String(body.docs?.[0]?.id ?? ''))
      })
  }, [api])

  const issue = async () => {
    setBusy(true)
    setError(null)
    const response = await fetch(`${api}/api-keys`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, tenant: Number(tenant) }),
    })
    const body = (await response.json()) as { doc?: { name: string; key?: string }; errors?: { message: string }[] }
    setBusy(false)
    if (!response.ok || !body.doc?.key) {
      setError(body.errors?.[0]?.message ?? 'The key could not be issued.')
      return
    }
    setIssued({ name: body.doc.name, key: body.doc.key })
    setName('')
  }

  return (
    <section className="issue-key-panel" style={{ border: '1px solid var(--theme-elevation-150)', borderRadius: 4, margin: '0 0 24px', padding: 16 }}>
      <h3 style={{ marginTop: 0 }}>Issue an API key</h3>
      <div style={{ alignItems: 'end', display: 'flex', flexWrap: 'wrap', gap: 12 }}>
        <label>
          Name
          <input id="issue-key-name" maxLength={80} onChange={(e) => setName(e.target.value)} value={name} style={{ display: 'block' }} />
        </label>
        <label>
          School
          <select id="issue-key-tenant" onChange={(e) => setTenant(e.target.value)} value={tenant} style={{ display: 'block' }}>
            {tenants.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <Button buttonStyle="primary" disabled={busy || !name.trim() || !tenant} id="issue-key-submit" onClick={() => void issue()}>
          Issue key
        </Button>
      </div>
      {error ? <p role="alert">{error}</p> : null}
      {issued ? (
        <div id="issued-key" role="status">
          <p>
            Key for <strong>{issued.name}</strong>. Copy it now: it will not be shown again.
          </p>
          <code style={{ userSelect: 'all', wordBreak: 'break-all' }}>{issued.key}</code>
        </div>
      ) : null}
    </section>
  )
}
