import type { PayloadRequest } from 'payload'

import type { InvoiceFace } from './invoiceHtml'
import type { OrderFacts } from './orderFacts'

import { sql } from '@payloadcms/db-postgres'

import { EVENT_COLUMNS, eventRow } from '@/domain/events/recordEvent'
import { DEFAULT_LOCALE, isLocaleCode } from '@/i18n/locales'
import { recordAudit } from '@/services/audit/recordAudit'
import { executePrepared, sqlList } from '@/services/database/adapter'
import { jobsInsert } from '@/services/database/queueJobs'
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

/** An invoice (for a charge) or a credit note (for a refund) to finalise. */
export type InvoiceToIssue = { facts: OrderFacts; payment: InvoicedPayment; kind: InvoiceKind; credits?: { id: number; number: string }; /** Written in this transaction: no invoice can have it yet. */ newPayment?: boolean }

/**
 * Finalises an invoice (for a charge) or a credit note (for a refund) in the caller's
 * transaction: fixes what it says, queues its PDF and email, and, as the last statement
 * before the commit, takes the school's next number and records `invoice.issued` with it.
 * Every payment of a school waits for the school's counter row, so it is locked for that one
 * statement and the commit rather than for the rest of the payment's work (which made a
 * school's payments run one at a time). Until then the invoice carries a placeholder number
 * nobody outside the transaction sees. One per payment (a unique index), so a repeat finds it.
 */
export const issueInvoice = async ({ req, ...wanted }: InvoiceToIssue & { req: PayloadRequest }): Promise<IssuedInvoice> => (await issueInvoices(req, [wanted]))[0]!

/**
 * `issueInvoice` for several payments (of one school or several) in one statement per table:
 * a school's invoices of one transaction take consecutive numbers, in the order given, with
 * one bump of its counter.
 */
export const issueInvoices = async (req: PayloadRequest, wanted: readonly InvoiceToIssue[]): Promise<IssuedInvoice[]> => {
  const db = await sqlHandle(req)
  const known = wanted.filter((w) => !w.newPayment).map((w) => w.payment.id)
  const already = new Map<number, number>()
  if (known.length > 0) {
    const { rows } = await db.execute(sql`select id, payment_id from invoices where payment_id = any(${sqlList(known)}::int[])`)
    for (const row of rows as { id: number; payment_id: number }[]) {
      already.set(Number(row.payment_id), Number(row.id))
    }
  }
  const issuedAt = new Date()
  const fresh = wanted
    .filter((w) => !already.has(w.payment.id))
    .map((w) => {
      const { order, parties } = w.facts
      const prefix = parties.school.settings?.invoicePrefix || parties.school.slug.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 12) || 'INV'
      return { ...w, order, prefix, face: faceOf({ facts: w.facts, payment: w.payment, kind: w.kind, issuedAt, credits: w.credits }) }
    })
  if (fresh.length === 0) {
    return wanted.map((w) => ({ id: already.get(w.payment.id)! }))
  }
  const column = <T extends string | number | null>(pick: (w: (typeof fresh)[number]) => T) => sqlList(fresh.map(pick))
  // Unique placeholders (the payment's id), replaced before the commit; each invoice's PDF and
  // email job queued by the same statement.
  const inserted = await executePrepared(db, sql`
    with made as (
    insert into invoices (tenant_id, number, kind, sequence, issued_at, order_id, payment_id, buyer_id, credits_id, currency, total, tax, locale, face)
    select i.tenant, 'draft-' || i.payment, i.kind::enum_invoices_kind, -i.payment, i.issued_at, i.order_id, i.payment, i.buyer, i.credits, i.currency, i.total, i.tax, i.locale, i.face
    from unnest(${column((w) => w.order.tenant)}::int[], ${column((w) => w.kind)}::text[], ${column((w) => w.face.issuedAt)}::timestamptz[], ${column((w) => w.order.id)}::int[],
      ${column((w) => w.payment.id)}::int[], ${column((w) => w.order.buyer)}::int[], ${column((w) => w.credits?.id ?? null)}::int[], ${column((w) => w.order.currency)}::text[],
      ${column((w) => w.face.total)}::numeric[], ${column((w) => w.face.tax)}::numeric[], ${column((w) => w.face.locale)}::text[], ${column((w) => JSON.stringify(w.face))}::jsonb[])
      as i(tenant, kind, issued_at, order_id, payment, buyer, credits, currency, total, tax, locale, face)
    returning id, payment_id
    ),
    jobs as (${jobsInsert({ task: 'deliverInvoice', queue: INVOICE_QUEUE, meta: requestMeta(), inputs: sql`select jsonb_build_object('invoice', made.id) from made order by made.id` })})
    select id, payment_id from made`)
  const made = new Map((inserted.rows as { id: number; payment_id: number }[]).map((r) => [Number(r.payment_id), Number(r.id)]))
  const issued = fresh.map((w) => ({ ...w, id: made.get(w.payment.id)! }))
  for (const w of issued) {
    await recordAudit({
      req,
      action: 'create',
      collection: INVOICES,
      documentId: w.id,
      changedFields: ['buyer', ...(w.credits ? ['credits'] : []), 'currency', 'face', 'issuedAt', 'kind', 'locale', 'number', 'order', 'payment', 'sequence', 'tax', 'tenant', 'total'],
      tenants: [w.order.tenant],
    })
  }
  // Number and issue time are the moment the number is taken, so numbers and dates rise together.
  const stamped = (json: SQL) => sql`jsonb_set(jsonb_set(${json}, '{number}', to_jsonb(numbered.number)), '{issuedAt}', to_jsonb(numbered.issued))`
  const groups = new Map<string, typeof issued>()
  for (const w of issued) {
    const key = `${w.order.tenant}:${w.kind}`
    groups.set(key, [...(groups.get(key) ?? []), w])
  }
  // Counters taken in one order (school, then kind), so two batches never each hold one the other waits for.
  const ordered = [...groups.values()].sort((a, b) => a[0]!.order.tenant - b[0]!.order.tenant || a[0]!.kind.localeCompare(b[0]!.kind))
  for (const group of ordered) {
    const { order, kind, prefix } = group[0]!
    const events = group.map(
      (w) =>
        sql`select ${eventRow(
          req,
          {
            type: 'invoice.issued',
            tenant: w.order.tenant,
            subject: { collection: INVOICES, id: w.id },
            payload: { invoice: w.id, number: '', kind: w.kind, order: w.order.id, buyer: w.order.buyer, total: w.face.total, currency: w.order.currency, issuedAt: w.face.issuedAt },
          },
          stamped,
        )} from numbered join invoice on invoice.id = numbered.id where numbered.id = ${w.id}`,
    )
    await atCommit(req, async () => {
      await (await sqlHandle(req)).execute(sql`
        with counter as (${sequenceStatement(order.tenant, kind, group.length)}),
        moment as (select last_number, clock_timestamp() as at from counter),
        todo as (select id, ord from unnest(${sqlList(group.map((w) => w.id))}::int[]) with ordinality as t(id, ord)),
        sequenced as (select todo.id, moment.last_number - ${group.length} + todo.ord as last_number, moment.at from moment, todo),
        numbered as (select id, last_number, at, ${numberSql({ prefix, kind, sequence: sql`sequenced.last_number`, at: sql`sequenced.at` })} as number, ${isoSql(sql`sequenced.at`)} as issued from sequenced),
        invoice as (
          update invoices set sequence = numbered.last_number, number = numbered.number, issued_at = numbered.at, face = ${stamped(sql`invoices.face`)}
          from numbered where invoices.id = numbered.id
          returning invoices.id
        )
        insert into domain_events ${EVENT_COLUMNS} ${sql.join(events, sql` union all `)}`)
    })
  }
  return wanted.map((w) => ({ id: already.get(w.payment.id) ?? made.get(w.payment.id)! }))
}
