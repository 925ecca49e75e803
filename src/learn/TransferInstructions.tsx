'use client'

import type { TransferInstructions as Instructions } from '@/domain/payments/bankTransfer'

import React, { useEffect, useState } from 'react'

import { intlLocale } from '@/domain/payments/invoiceText'

import { callApi, type LearnContext } from './context'
import { moneyText } from './moneyText'
import { STRINGS } from './strings'

type Answer = Partial<Instructions> & { errors?: { message: string }[] }

/**
 * How to pay a bank-transfer order, read again from the API (the school's bank details are sent
 * to the buyer alone), worded in the page's language. Bank details, amounts and references are
 * left-to-right text inside an Arabic page: they are isolated so their order survives.
 */
export const TransferInstructions = ({ context, orderId }: { context: LearnContext; orderId: number }) => {
  const t = STRINGS[context.locale]
  const [answer, setAnswer] = useState<{ status: number; body: Answer } | undefined>(undefined)

  useEffect(() => {
    void callApi<Answer>(context, `/api/orders/${orderId}/instructions`).then(setAnswer)
  }, [context, orderId])

  if (!answer) {
    return null
  }
  const { status, body } = answer
  if (status !== 200 || !body.bankDetails || !body.reference || body.amount === undefined || !body.currency) {
    // 404: the order stopped waiting meanwhile, and the status above says so.
    return status === 404 ? null : <p role="alert">{body.errors?.[0]?.message ?? `Error ${status}`}</p>
  }
  const until = body.holdsPlaceUntil ? new Intl.DateTimeFormat(intlLocale(context.locale), { dateStyle: 'long', timeStyle: 'short' }).format(new Date(body.holdsPlaceUntil)) : null
  return (
    <section data-testid="bank-instructions" aria-labelledby="how-to-pay">
      <h2 id="how-to-pay">{t.howToPay}</h2>
      <p>{t.transferHelp}</p>
      <dl className="amounts">
        <dt>{t.amountToTransfer}</dt>
        <dd data-testid="transfer-amount">
          <bdi>{moneyText(body.amount, body.currency, context.locale)}</bdi>
        </dd>
        <dt>{t.referenceToQuote}</dt>
        <dd data-testid="transfer-reference">
          <bdi>{body.reference}</bdi>
        </dd>
        {until ? (
          <>
            <dt>{t.placeHeldUntil}</dt>
            <dd data-testid="transfer-deadline">{until}</dd>
          </>
        ) : null}
      </dl>
      <h3>{t.bankDetails}</h3>
      <p className="instructions" dir="auto" data-testid="transfer-bank-details">
        {body.bankDetails}
      </p>
    </section>
  )
}
