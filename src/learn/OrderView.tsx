'use client'

import type { Course, Invoice, Order, Tenant } from '@/payload-types'

import React, { useCallback, useEffect, useMemo, useState } from 'react'

import { OPEN, PAID } from '@/domain/payments/status'
import { isLocaleCode } from '@/i18n/locales'

import { callApi, direction, type LearnContext, learnHref } from './context'
import { Header } from './Header'
import { InvoiceLinks } from './InvoiceLinks'
import { moneyText } from './moneyText'
import { ProofForm } from './ProofForm'
import { STRINGS } from './strings'
import { TransferInstructions } from './TransferInstructions'

type List<T> = { docs?: T[] }
type Me = { user: { id: number } | null }

/** The provider's webhook may land a moment after the buyer does: look again every 2 s, for a minute at most. */
const POLL_MS = 2_000
const MAX_POLLS = 30

/**
 * Whether the order may still change on its own: a card or PayPal payment not yet confirmed, or a
 * paid order whose invoice PDF the jobs worker has not rendered yet. A bank transfer waits for
 * the buyer and the school's admins, which takes days, not seconds.
 */
const settling = (order: Order, documents: Invoice[]): boolean =>
  (order.status === 'pending' && order.provider !== 'bank') || documents.some((doc) => !(doc.file && typeof doc.file === 'object' && doc.file.url))

/**
 * One order of the signed-in buyer: where its money stands, its amounts, and once paid the
 * course and the invoice; while a bank transfer is awaited, how to make it and the form for its
 * proof. Providers send the buyer back without the site's school and locale, so both are taken
 * from the order when the address does not give them.
 */
export const OrderView = ({ context, localeChosen, reference }: { context: LearnContext; localeChosen: boolean; reference: string }) => {
  const [order, setOrder] = useState<Order | null | undefined>(undefined)
  const [documents, setDocuments] = useState<Invoice[]>([])
  const [signedIn, setSignedIn] = useState<boolean | undefined>(undefined)
  const [polls, setPolls] = useState(0)
  const [locale, setLocale] = useState(context.locale)
  const tenant = order && typeof order.tenant === 'object' ? (order.tenant as Tenant | null) : null
  const school = context.school ?? tenant?.slug
  const here = useMemo<LearnContext>(() => ({ school, locale }), [school, locale])
  const t = STRINGS[locale]

  const load = useCallback(async () => {
    const me = (await callApi<Me>(context, '/api/users/me')).body?.user
    setSignedIn(Boolean(me))
    if (!me) {
      return
    }
    const query = new URLSearchParams({ 'where[reference][equals]': reference, depth: '1', limit: '1', locale })
    const doc = (await callApi<List<Order>>(context, `/api/orders?${query.toString()}`)).body?.docs?.[0] ?? null
    if (doc) {
      const invoices = await callApi<List<Invoice>>(context, `/api/invoices?where[order][equals]=${doc.id}&depth=1&sort=issuedAt&limit=50`)
      setDocuments(invoices.body?.docs ?? [])
      if (!localeChosen && isLocaleCode(doc.locale)) {
        setLocale(doc.locale)
      }
    }
    setOrder(doc)
  }, [context, locale, localeChosen, reference])

  useEffect(() => {
    void load()
  }, [load])

  const waiting = Boolean(order && settling(order, documents) && polls < MAX_POLLS)
  useEffect(() => {
    if (!waiting) {
      return
    }
    const timer = setTimeout(() => {
      setPolls((n) => n + 1)
      void load()
    }, POLL_MS)
    return () => clearTimeout(timer)
  }, [waiting, order, load])

  const path = `/learn/orders/${encodeURIComponent(reference)}`
  const course = order && typeof order.course === 'object' ? (order.course as Course | null) : null
  const courseHref = course ? learnHref(`/learn/courses/${course.slug}`, here) : undefined
  const money = (minor: number) => moneyText(minor, order?.currency ?? 'USD', locale)
  const paid = Boolean(order && PAID.includes(order.status))

  return (
    <div className="learn-page" lang={locale} dir={direction(locale)}>
      <Header context={here} path={path} />
      <main aria-busy={signedIn === undefined || (signedIn && order === undefined)}>
        <a href={learnHref('/learn/orders', here)}>{t.yourOrders}</a>
        <h1>{t.order(reference)}</h1>
        {signedIn === false ? (
          <a href={learnHref('/learn/login', here, { next: path })}>{t.loginToSeeOrders}</a>
        ) : order === null ? (
          <p role="alert">{t.orderNotFound}</p>
        ) : order ? (
          <>
            {course ? <p>{course.title}</p> : null}
            <p data-testid="order-status" data-status={order.status} className="order-status">
              {order.status === 'failed' && order.failureReason ? t.failedBecause(order.failureReason) : t.orderStatus[order.status]}
            </p>
            {waiting && order.status === 'pending' ? <p role="status">{t.checkingPayment}</p> : null}
            <dl className="amounts">
              <dt>{t.subtotal}</dt>
              <dd>{money(order.subtotal)}</dd>
              {order.discount > 0 ? (
                <>
                  <dt>{t.discount}</dt>
                  <dd>−{money(order.discount)}</dd>
                </>
              ) : null}
              {order.tax > 0 ? (
                <>
                  <dt>{t.tax}</dt>
                  <dd>{money(order.tax)}</dd>
                </>
              ) : null}
              <dt>{t.total}</dt>
              <dd data-testid="order-total">{money(order.total)}</dd>
              {order.refunded > 0 ? (
                <>
                  <dt>{t.refundedAmount}</dt>
                  <dd>{money(order.refunded)}</dd>
                </>
              ) : null}
            </dl>
            {paid && courseHref && order.status !== 'refunded' ? (
              <p>
                <a href={courseHref}>{t.openCourse}</a>
              </p>
            ) : null}
            {order.status === 'failed' && courseHref ? (
              <p>
                <a href={courseHref}>{t.tryAgain}</a>
              </p>
            ) : null}
            {paid ? <InvoiceLinks documents={documents} strings={t} /> : null}
            {order.provider === 'bank' && OPEN.includes(order.status) ? (
              <>
                <TransferInstructions context={here} orderId={order.id} />
                <ProofForm context={here} orderId={order.id} onSent={load} />
              </>
            ) : null}
          </>
        ) : null}
      </main>
    </div>
  )
}
