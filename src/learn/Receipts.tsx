'use client'

import type { Course, Invoice, Order, Tenant } from '@/payload-types'

import React, { useEffect, useState } from 'react'

import { intlLocale } from '@/domain/payments/invoiceText'
import { relationId } from '@/shared/relationId'

import { callApi, type LearnContext, learnHref } from './context'
import { InvoiceLinks } from './InvoiceLinks'
import { moneyText } from './moneyText'
import { STRINGS } from './strings'

type List<T> = { docs?: T[] }
type Me = { user: { id: number } | null }

/** The signed-in person's own orders, newest first, each with its invoice and credit notes. */
export const Receipts = ({ context }: { context: LearnContext }) => {
  const t = STRINGS[context.locale]
  const [signedIn, setSignedIn] = useState<boolean | undefined>(undefined)
  const [orders, setOrders] = useState<Order[] | undefined>(undefined)
  const [documents, setDocuments] = useState<Invoice[]>([])

  useEffect(() => {
    void (async () => {
      const me = (await callApi<Me>(context, '/api/users/me')).body?.user
      setSignedIn(Boolean(me))
      if (!me) {
        return
      }
      // A school admin reads the school's orders too: this page is only ever the person's own.
      const mine = `where[buyer][equals]=${me.id}`
      const [found, issued] = await Promise.all([
        callApi<List<Order>>(context, `/api/orders?${mine}&depth=1&sort=-createdAt&limit=100&locale=${context.locale}`),
        callApi<List<Invoice>>(context, `/api/invoices?${mine}&depth=1&sort=issuedAt&limit=200`),
      ])
      setDocuments(issued.body?.docs ?? [])
      setOrders(found.body?.docs ?? [])
    })()
  }, [context])

  const date = new Intl.DateTimeFormat(intlLocale(context.locale), { dateStyle: 'medium' })
  const orderHref = (order: Order): string => {
    const school = context.school ?? (typeof order.tenant === 'object' ? (order.tenant as Tenant | null)?.slug : undefined)
    return learnHref(`/learn/orders/${encodeURIComponent(order.reference)}`, { ...context, school })
  }

  return (
    <main aria-busy={signedIn === undefined || (signedIn && orders === undefined)}>
      <h1>{t.receipts}</h1>
      {signedIn === false ? (
        <a href={learnHref('/learn/login', context, { next: '/learn/orders' })}>{t.loginToSeeOrders}</a>
      ) : orders?.length === 0 ? (
        <p>{t.noOrders}</p>
      ) : orders ? (
        <table className="receipts">
          <thead>
            <tr>
              <th>{t.date}</th>
              <th>{t.reference}</th>
              <th>{t.course}</th>
              <th>{t.status}</th>
              <th>{t.total}</th>
              <th>{t.documents}</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((order) => (
              <tr key={order.id} data-testid="receipt" data-reference={order.reference}>
                <td>{date.format(new Date(order.createdAt))}</td>
                <td>
                  <a href={orderHref(order)}>{order.reference}</a>
                </td>
                <td>{typeof order.course === 'object' ? (order.course as Course | null)?.title : null}</td>
                <td data-testid="receipt-status">{t.orderStatus[order.status]}</td>
                <td>{moneyText(order.total, order.currency, context.locale)}</td>
                <td>
                  <InvoiceLinks documents={documents.filter((doc) => relationId(doc.order) === order.id)} strings={t} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </main>
  )
}
