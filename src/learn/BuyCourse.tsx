'use client'

import type { NextStep } from '@/domain/payments/startPayment'
import type { Provider } from '@/domain/payments/status'
import type { Order } from '@/payload-types'

import React, { useEffect, useState } from 'react'

import { callApi, type LearnContext, learnHref } from './context'
import { STRINGS } from './strings'

type CheckoutAnswer = { order?: Pick<Order, 'id' | 'reference'>; next?: NextStep; errors?: { message: string }[] }

const orderHref = (reference: string, context: LearnContext): string => learnHref(`/learn/orders/${encodeURIComponent(reference)}`, context)

/**
 * Buying a paid course: a button per way the school takes money, and an optional coupon. The
 * server prices the order; this only sends the buyer on (to the provider's page, or to the
 * order's page, which shows a transfer's instructions) and shows a refusal in the API's own words.
 */
export const BuyCourse = ({ context, courseId }: { context: LearnContext; courseId: number }) => {
  const t = STRINGS[context.locale]
  const [providers, setProviders] = useState<Provider[] | undefined>(undefined)
  const [coupon, setCoupon] = useState('')
  const [busy, setBusy] = useState(false)
  const [leaving, setLeaving] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    void callApi<{ providers?: Provider[] }>(context, `/api/orders/providers?course=${courseId}`).then(({ body }) => setProviders(body?.providers ?? []))
  }, [context, courseId])

  const buy = async (provider: Provider) => {
    setBusy(true)
    setError(null)
    const { status, body } = await callApi<CheckoutAnswer>(context, '/api/orders/checkout', {
      method: 'POST',
      body: JSON.stringify({ course: courseId, provider, locale: context.locale, ...(coupon.trim() ? { coupon: coupon.trim() } : {}) }),
    })
    const next = body?.next
    if (next && 'redirectUrl' in next) {
      // Stays busy: the browser is leaving for the provider's page.
      setLeaving(true)
      window.location.assign(next.redirectUrl)
      return
    }
    // Paid already, or a bank transfer: the order's page says how to pay it, and stays at hand for later.
    if (next && ('paid' in next || 'instructions' in next) && body.order) {
      window.location.assign(orderHref(body.order.reference, context))
      return
    }
    setBusy(false)
    setError(body?.errors?.[0]?.message ?? `Error ${status}`)
  }

  const labels: Record<Provider, string> = { stripe: t.payByCard, paypal: t.payByPayPal, bank: t.payByBank }

  return (
    <div className="buy-course" aria-busy={providers === undefined || busy}>
      <label>
        {t.coupon} <input name="coupon" autoComplete="off" maxLength={40} value={coupon} onChange={(e) => setCoupon(e.target.value)} />
      </label>
      {providers?.length === 0 ? <p>{t.noProviders}</p> : null}
      <p className="buy-buttons">
        {(providers ?? []).map((provider) => (
          <button key={provider} type="button" disabled={busy} onClick={() => void buy(provider)}>
            {labels[provider]}
          </button>
        ))}
      </p>
      {leaving ? <p role="status">{t.redirecting}</p> : null}
      {error ? <p role="alert">{error}</p> : null}
    </div>
  )
}
