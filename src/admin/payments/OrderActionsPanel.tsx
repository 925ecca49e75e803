'use client'

import { Button, CheckboxInput, Drawer, useConfig, useModal } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import React, { useState } from 'react'

import { formatMoney, fromDecimalString, toDecimalString } from '@/domain/payments/money'

import { moneyLocale, paymentsStrings } from './strings'
import './payments.css'

type Props = {
  orderId: number
  currency: string
  /** What is left to refund, in the currency's smallest unit. */
  left: number
  /** A bank transfer waiting for the school's decision. */
  decide: boolean
  refund: boolean
  proof?: { url: string; name: string }
  language: string
}

type Action = 'approve' | 'reject' | 'refund'
type Answer = { message?: string; errors?: { message: string }[] }

/**
 * The buttons and forms of OrderActions. Each action posts to the order's endpoint, shows the
 * API's own message (success or refusal) and refreshes the page so the order shows its new state.
 */
export const OrderActionsPanel: React.FC<Props> = ({ orderId, currency, left, decide, refund, proof, language }) => {
  const strings = paymentsStrings(language)
  const { config } = useConfig()
  const router = useRouter()
  const { openModal, closeModal } = useModal()
  const [busy, setBusy] = useState(false)
  const [answer, setAnswer] = useState<{ ok: boolean; message: string } | null>(null)
  const [rejectReason, setRejectReason] = useState('')
  const [amount, setAmount] = useState('')
  const [refundReason, setRefundReason] = useState('')
  const [keepEnrollment, setKeepEnrollment] = useState(false)
  const [formError, setFormError] = useState<string | null>(null)
  const rejectDrawer = `reject-transfer-${orderId}`
  const refundDrawer = `refund-order-${orderId}`
  const money = (minor: number) => formatMoney(minor, currency, moneyLocale(language))

  const post = async (action: Action, body?: Record<string, unknown>): Promise<void> => {
    setBusy(true)
    setAnswer(null)
    try {
      const response = await fetch(`${config.serverURL}${config.routes.api}/orders/${orderId}/${action}`, {
        method: 'POST',
        credentials: 'include',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      })
      const sent = (await response.json().catch(() => ({}))) as Answer
      setAnswer({ ok: response.ok, message: (response.ok ? sent.message : sent.errors?.[0]?.message) ?? strings.failed })
    } catch {
      // The network, not the API, failed: there is no message of the API's to show.
      setAnswer({ ok: false, message: strings.failed })
    } finally {
      setBusy(false)
      router.refresh()
    }
  }

  const approve = () => {
    if (window.confirm(strings.approveConfirm)) {
      void post('approve')
    }
  }

  const reject = (event: React.FormEvent) => {
    event.preventDefault()
    if (rejectReason.trim() === '') {
      setFormError(strings.rejectReasonMissing)
      return
    }
    closeModal(rejectDrawer)
    void post('reject', { reason: rejectReason.trim() })
  }

  const refundOrder = (event: React.FormEvent) => {
    event.preventDefault()
    const value = amount.trim() === '' ? left : fromDecimalString(amount, currency)
    if (value === undefined || value <= 0 || value > left) {
      setFormError(strings.refundAmountInvalid(money(left)))
      return
    }
    if (!window.confirm(strings.refundConfirm(money(value)))) {
      return
    }
    closeModal(refundDrawer)
    void post('refund', { ...(amount.trim() === '' ? {} : { amount: value }), ...(refundReason.trim() ? { reason: refundReason.trim() } : {}), keepEnrollment })
  }

  const open = (drawer: string) => {
    setFormError(null)
    openModal(drawer)
  }

  return (
    <div className="order-actions">
      {decide ? (
        <>
          {proof ? (
            <a className="order-actions__proof" href={proof.url} id="order-proof" rel="noopener noreferrer" target="_blank">
              {strings.proof}: {proof.name}
            </a>
          ) : (
            <span className="order-actions__proof">{strings.noProof}</span>
          )}
          <Button buttonStyle="primary" disabled={busy} id="approve-transfer" margin={false} onClick={approve} size="medium">
            {strings.approve}
          </Button>
          <Button buttonStyle="secondary" disabled={busy} id="reject-transfer" margin={false} onClick={() => open(rejectDrawer)} size="medium">
            {strings.reject}
          </Button>
          <Drawer slug={rejectDrawer} title={strings.rejectTitle}>
            <form className="order-actions__form" onSubmit={reject}>
              <div className="field-type textarea">
                <label className="field-label" htmlFor="reject-reason">
                  {strings.rejectReason}
                </label>
                <textarea id="reject-reason" maxLength={500} onChange={(event) => setRejectReason(event.target.value)} rows={4} value={rejectReason} />
              </div>
              <FormButtons busy={busy} error={formError} onCancel={() => closeModal(rejectDrawer)} strings={strings} submit={strings.reject} submitId="reject-submit" />
            </form>
          </Drawer>
        </>
      ) : null}
      {refund ? (
        <>
          <Button buttonStyle="secondary" disabled={busy} id="refund-order" margin={false} onClick={() => open(refundDrawer)} size="medium">
            {strings.refund}
          </Button>
          <Drawer slug={refundDrawer} title={strings.refundTitle}>
            <form className="order-actions__form" onSubmit={refundOrder}>
              <div className="field-type text">
                <label className="field-label" htmlFor="refund-amount">
                  {strings.refundAmount(currency)}
                </label>
                <input id="refund-amount" inputMode="decimal" onChange={(event) => setAmount(event.target.value)} placeholder={toDecimalString(left, currency)} type="text" value={amount} />
                <p className="field-description">{strings.refundAmountHint(money(left))}</p>
              </div>
              <div className="field-type text">
                <label className="field-label" htmlFor="refund-reason">
                  {strings.refundReason}
                </label>
                <input id="refund-reason" maxLength={500} onChange={(event) => setRefundReason(event.target.value)} type="text" value={refundReason} />
              </div>
              <CheckboxInput checked={keepEnrollment} id="refund-keep-enrollment" label={strings.keepEnrollment} onToggle={(event) => setKeepEnrollment(event.target.checked)} />
              <FormButtons busy={busy} error={formError} onCancel={() => closeModal(refundDrawer)} strings={strings} submit={strings.refund} submitId="refund-submit" />
            </form>
          </Drawer>
        </>
      ) : null}
      {busy ? <span className="order-actions__answer">{strings.working}</span> : null}
      {answer ? (
        <span className={`order-actions__answer order-actions__answer--${answer.ok ? 'ok' : 'error'}`} id="order-action-answer" role={answer.ok ? 'status' : 'alert'}>
          {answer.message}
        </span>
      ) : null}
    </div>
  )
}

type FormButtonsProps = { busy: boolean; error: string | null; onCancel: () => void; strings: ReturnType<typeof paymentsStrings>; submit: string; submitId: string }

const FormButtons: React.FC<FormButtonsProps> = ({ busy, error, onCancel, strings, submit, submitId }) => (
  <>
    {error ? (
      <p className="order-actions__error" role="alert">
        {error}
      </p>
    ) : null}
    <div className="order-actions__buttons">
      <Button buttonStyle="primary" disabled={busy} id={submitId} margin={false} size="medium" type="submit">
        {submit}
      </Button>
      <Button buttonStyle="secondary" margin={false} onClick={onCancel} size="medium">
        {strings.cancel}
      </Button>
    </div>
  </>
)
