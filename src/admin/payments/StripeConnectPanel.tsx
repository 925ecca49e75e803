'use client'

import type { StripeConnectStage } from '@/domain/payments/stripeConnect'

import { Button, useConfig } from '@payloadcms/ui'
import React, { useState } from 'react'

import { moneyLocale, paymentsStrings } from './strings'
import './payments.css'

type Status = { chargesEnabled: boolean; payoutsEnabled: boolean; detailsSubmitted: boolean; requirementsDue?: string; disabledReason?: string; checkedAt: string }

type Props = {
  tenant: number
  stage: StripeConnectStage
  account?: string
  status?: Status
  feePercent: number
  /** Stripe is set up on this server. */
  available: boolean
  /** The viewer administers the school (the rule the endpoints apply). */
  canConnect: boolean
  /** `GET …/stripe/return?tenant=`: asks Stripe, records, and comes back here. */
  checkUrl: string
  language: string
}

type Answer = { url?: string; errors?: { message: string }[] }

/**
 * What StripeConnect shows. "Connect Stripe" (or "Continue onboarding") posts to the connect
 * endpoint and sends the browser to Stripe's onboarding; a refusal shows the API's own message.
 */
export const StripeConnectPanel: React.FC<Props> = ({ tenant, stage, account, status, feePercent, available, canConnect, checkUrl, language }) => {
  const strings = paymentsStrings(language)
  const { config } = useConfig()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const onboardingLeft = stage !== 'ready' || Boolean(status?.requirementsDue)

  const connect = async () => {
    setBusy(true)
    setError(null)
    try {
      const response = await fetch(`${config.serverURL}${config.routes.api}/payment-settings/stripe/connect`, {
        method: 'POST',
        credentials: 'include',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ tenant }),
      })
      const sent = (await response.json().catch(() => ({}))) as Answer
      if (response.ok && sent.url) {
        window.location.assign(sent.url)
        return
      }
      setError(sent.errors?.[0]?.message ?? strings.failed)
    } catch {
      // The network, not the API, failed: there is no message of the API's to show.
      setError(strings.failed)
    }
    setBusy(false)
  }

  const flag = (on: boolean, words: [string, string] = [strings.enabled, strings.notYet]) => <span className={`stripe-connect__flag stripe-connect__flag--${on ? 'on' : 'off'}`}>{on ? words[0] : words[1]}</span>
  const checkedAt = status ? new Intl.DateTimeFormat(moneyLocale(language), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(status.checkedAt)) : undefined

  return (
    <div className="stripe-connect field-type" data-stage={stage} id="stripe-connect">
      <h4 className="stripe-connect__title">{strings.connectTitle}</h4>
      {available ? null : (
        <p className="stripe-connect__note" role="status">
          {strings.connectNotAvailable}
        </p>
      )}
      <p className="stripe-connect__stage" id="stripe-connect-stage" role="status">
        {strings.connectStage(stage, feePercent)}
      </p>
      {account ? (
        <dl className="stripe-connect__facts">
          <dt>{strings.connectAccount}</dt>
          <dd>
            <code>{account}</code>
          </dd>
          {status ? (
            <>
              <dt>{strings.connectCharges}</dt>
              <dd>{flag(status.chargesEnabled)}</dd>
              <dt>{strings.connectPayouts}</dt>
              <dd>{flag(status.payoutsEnabled)}</dd>
              <dt>{strings.connectDetails}</dt>
              <dd>{flag(status.detailsSubmitted, [strings.yes, strings.no])}</dd>
              {status.requirementsDue ? (
                <>
                  <dt>{strings.connectDue}</dt>
                  <dd id="stripe-connect-due">{status.requirementsDue}</dd>
                </>
              ) : null}
              {status.disabledReason ? (
                <>
                  <dt>{strings.connectDisabled}</dt>
                  <dd>
                    <code>{status.disabledReason}</code>
                  </dd>
                </>
              ) : null}
              <dt>{strings.connectChecked}</dt>
              <dd>{checkedAt}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {stage === 'ready' && status && !status.payoutsEnabled ? <p className="stripe-connect__note">{strings.connectPayoutsHeld}</p> : null}
      {available && canConnect ? (
        <div className="stripe-connect__buttons">
          {onboardingLeft ? (
            <Button buttonStyle="primary" disabled={busy} id="stripe-connect-start" margin={false} onClick={() => void connect()} size="medium">
              {busy ? strings.connectOpening : stage === 'none' ? strings.connectButton : strings.continueButton}
            </Button>
          ) : null}
          {account ? (
            <Button buttonStyle="secondary" el="anchor" id="stripe-connect-check" margin={false} size="medium" url={checkUrl}>
              {strings.checkStatus}
            </Button>
          ) : null}
        </div>
      ) : null}
      {error ? (
        <p className="stripe-connect__error" id="stripe-connect-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  )
}
