import type { PayloadRequest } from 'payload'

import type { InvoiceFace } from './invoiceHtml'
import type { OrderFacts } from './orderFacts'

import { sql } from '@payloadcms/db-postgres'

import { EVENT_COLUMNS, eventRow } from '@/domain/events/recordEvent'
import { DEFAULT_LOCALE, isLocaleCode } from '@/i18n/locales'
import { recordAudit } from '@/services/audit/recordAudit'
import { atCommit, sqlHandle } from '@/services/database/transactions'
import { requestMeta } from '@/shared/requestContext'
import { INVOICES } from '@/shared/slugs'

import { type InvoiceKind, isoSql, numberSql, sequenceStatement } from './invoiceNumbers'

export const INVOICE_QUEUE = 'invoices'

type SQL = ReturnType<typeof sql>

const localized = (values: Record<string, string>, locale: string): string | undefined => values[locale] ?? values[DEFAULT_LOCALE]

/** The payment an invoice is for: its charge, or for a credit note the refund. */
export type InvoicedPayment = { id: number; amount: number; at: string; note?: string | null }

/** What an invoice for the order says, in the buyer's language, as it stands now. */
const faceOf = ({ facts, payment, kind, issuedAt, credits }: { facts: OrderFacts; payment: InvoicedPayment; kind: InvoiceKind; issuedAt: Date; credits?: { number: string } }): InvoiceFace => {
  const { order, parties } = facts
  const { school, buyer, course } = parties
  const locale = isLocaleCode(order.locale) ? order.locale : DEFAULT_LOCALE
  const description = (course && localized(course.titles, locale)) ?? order.reference
  const refund = kind === 'credit-note'
  // A credit note credits what went back; its tax is the same share of the refund as of the order.
  const amount = refund ? payment.amount : order.subtotal
  const tax = refund ? Math.round((order.tax * payment.amount) / Math.max(1, order.total)) : order.tax
  return {
    kind,
    // Written in with the number, by the statement that takes it.
    number: '',
    issuedAt: issuedAt.toISOString(),
    timeZone: school.timeZone,
    locale,
    currency: order.currency,
    seller: {
      name: school.settings?.legalName || localized(school.displayNames, locale) || school.name,
      ...(school.settings?.address ? { address: school.settings.address } : {}),
      ...(school.settings?.taxId ? { taxId: school.settings.taxId } : {}),
      ...(school.settings?.invoiceEmail ? { email: school.settings.invoiceEmail } : {}),
    },
    buyer: { name: buyer.name || buyer.email, email: buyer.email },
    lines: refund
      ? [{ description, quantity: 1, unitAmount: amount, amount }]
      : [{ description, quantity: order.quantity, unitAmount: Math.round(order.subtotal / Math.max(1, order.quantity)), amount: order.subtotal }],
    subtotal: amount,
    discount: refund ? 0 : order.discount,
    ...(order.couponCode && !refund ? { discountLabel: order.couponCode } : {}),
    taxRate: order.taxRate,
    taxIncluded: order.taxIncluded,
    tax,
    total: refund ? payment.amount : order.total,
    provider: order.provider,
    paidAt: payment.at,
    reference: order.reference,
    ...(credits ? { credits: { number: credits.number, ...(payment.note ? { reason: payment.note } : {}) } } : {}),
    colour: school.colour || '#1f4e79',
  }
}

export type IssuedInvoice = { id: number }

/**
 * Finalises an invoice (for a charge) or a credit note (for a refund) in the caller's
 * transaction: fixes what it says, queues its PDF and email, and, as the last statement
 * before the commit, takes the school's next number and records `invoice.issued` with it.
 * Every payment of a school waits for the school's counter row, so it is locked for that one
 * statement and the commit rather than for the rest of the payment's work (which made a
 * school's payments run one at a time). Until then the invoice carries a placeholder number
 * nobody outside the transaction sees. One per payment (a unique index), so a repeat finds it.
 */
export const issueInvoice = async ({ req, facts, payment, kind, credits, newPayment = false }: { req: PayloadRequest; facts: OrderFacts; payment: InvoicedPayment; kind: InvoiceKind; credits?: { id: number; number: string }; /** Written in this transaction: no invoice can have it yet. */ newPayment?: boolean }): Promise<IssuedInvoice> => {
  const db = await sqlHandle(req)
  const already = newPayment ? undefined : ((await db.execute(sql`select id from invoices where payment_id = ${payment.id}`)).rows[0] as { id: number } | undefined)
  if (already) {
    return { id: Number(already.id) }
  }
  const { order, parties } = facts
  const issuedAt = new Date()
  const prefix = parties.school.settings?.invoicePrefix || parties.school.slug.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 12) || 'INV'
  const face = faceOf({ facts, payment, kind, issuedAt, credits })
  // Unique placeholders (the payment's id), replaced before the commit.
  const inserted = await db.execute(sql`
    insert into invoices (tenant_id, number, kind, sequence, issued_at, order_id, payment_id, buyer_id, credits_id, currency, total, tax, locale, face)
    values (${order.tenant}, ${`draft-${payment.id}`}, ${kind}, ${-payment.id}, ${face.issuedAt}, ${order.id}, ${payment.id}, ${order.buyer}, ${credits?.id ?? null}, ${order.currency}, ${face.total}, ${face.tax}, ${face.locale}, ${JSON.stringify(face)}::jsonb)
    returning id`)
  const id = Number((inserted.rows[0] as { id: number }).id)
  await recordAudit({
    req,
    action: 'create',
    collection: INVOICES,
    documentId: id,
    changedFields: ['buyer', ...(credits ? ['credits'] : []), 'currency', 'face', 'issuedAt', 'kind', 'locale', 'number', 'order', 'payment', 'sequence', 'tax', 'tenant', 'total'],
    tenants: [order.tenant],
  })
  await req.payload.jobs.queue({ task: 'deliverInvoice', input: { invoice: id }, queue: INVOICE_QUEUE, meta: requestMeta(), req })
  // Number and issue time are the moment the number is taken, so numbers and dates rise together.
  const stamped = (json: SQL) => sql`jsonb_set(jsonb_set(${json}, '{number}', to_jsonb(numbered.number)), '{issuedAt}', to_jsonb(numbered.issued))`
  const issued = eventRow(
    req,
    {
      type: 'invoice.issued',
      tenant: order.tenant,
      subject: { collection: INVOICES, id },
      payload: { invoice: id, number: '', kind, order: order.id, buyer: order.buyer, total: face.total, currency: order.currency, issuedAt: face.issuedAt },
    },
    stamped,
  )
  await atCommit(req, async () => {
    await (await sqlHandle(req)).execute(sql`
      with counter as (${sequenceStatement(order.tenant, kind)}),
      moment as (select last_number, clock_timestamp() as at from counter),
      numbered as (select last_number, at, ${numberSql({ prefix, kind, sequence: sql`moment.last_number`, at: sql`moment.at` })} as number, ${isoSql(sql`moment.at`)} as issued from moment),
      invoice as (
        update invoices set sequence = numbered.last_number, number = numbered.number, issued_at = numbered.at, face = ${stamped(sql`invoices.face`)}
        from numbered where invoices.id = ${id}
        returning invoices.id
      )
      insert into domain_events ${EVENT_COLUMNS} select ${issued} from numbered, invoice`)
  })
  return { id }
}
