import type { PayloadRequest } from 'payload'

import type { EnrollmentStatus } from '@/domain/enrollment/status'

import { sql } from '@payloadcms/db-postgres'

import { executePrepared, sqlList } from '@/services/database/adapter'
import { sqlHandle } from '@/services/database/transactions'

import type { OrderStatus, Provider } from './status'

/** The parts of an order that settling it and invoicing it read, as stored. */
export type OrderLine = {
  id: number
  tenant: number
  buyer: number
  course: number | null
  reference: string
  status: OrderStatus
  provider: Provider
  currency: string
  quantity: number
  subtotal: number
  discount: number
  tax: number
  total: number
  refunded: number
  taxRate: number
  taxIncluded: boolean
  coupon: number | null
  couponCode: string | null
  locale: string | null
  holdsPlaceUntil: string | null
  enrollment: number | null
  invoice: number | null
  paidAt: string | null
  failureReason: string | null
  attention: string | null
  /** The Stripe Checkout Session made for it, if any. */
  stripeCheckoutSession: string | null
}

/** Who sells, who buys and what: everything an invoice says besides the order's own amounts. */
export type OrderParties = {
  school: {
    name: string
    slug: string
    timeZone: string
    colour: string | null
    displayNames: Record<string, string>
    settings: { legalName: string | null; address: string | null; taxId: string | null; invoiceEmail: string | null; invoicePrefix: string | null } | null
  }
  buyer: { name: string | null; email: string; member: boolean }
  course: { tenant: number; capacity: number | null; titles: Record<string, string> } | null
  /** The buyer's enrollment in the course, if they have one. */
  enrollment: { id: number; status: EnrollmentStatus } | null
}

export type OrderFacts = { order: OrderLine; parties: OrderParties }

type Row = Record<string, unknown>

const numberOr = (value: unknown, fallback: number): number => (value === null || value === undefined ? fallback : Number(value))
const idOr = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value))
const isoOr = (value: unknown): string | null => (value === null || value === undefined ? null : new Date(value as string).toISOString())

const lineOf = (row: Row): OrderLine => ({
  id: Number(row.id),
  tenant: Number(row.tenant_id),
  buyer: Number(row.buyer_id),
  course: idOr(row.course_id),
  reference: String(row.reference),
  status: row.status as OrderStatus,
  provider: row.provider as Provider,
  currency: String(row.currency),
  quantity: numberOr(row.quantity, 1),
  subtotal: numberOr(row.subtotal, 0),
  discount: numberOr(row.discount, 0),
  tax: numberOr(row.tax, 0),
  total: numberOr(row.total, 0),
  refunded: numberOr(row.refunded, 0),
  taxRate: numberOr(row.tax_rate, 0),
  taxIncluded: Boolean(row.tax_included),
  coupon: idOr(row.coupon_id),
  couponCode: (row.coupon_code as string | null) ?? null,
  locale: (row.locale as string | null) ?? null,
  holdsPlaceUntil: isoOr(row.holds_place_until),
  enrollment: idOr(row.enrollment_id),
  invoice: idOr(row.invoice_id),
  paidAt: isoOr(row.paid_at),
  failureReason: (row.failure_reason as string | null) ?? null,
  attention: (row.attention as string | null) ?? null,
  stripeCheckoutSession: (row.stripe_checkout_session as string | null) ?? null,
})

const factsOf = (row: Row): OrderFacts => ({
    order: lineOf(row),
    parties: {
      school: {
        name: String(row.school_name),
        slug: String(row.school_slug),
        timeZone: (row.timezone as string | null) || 'UTC',
        colour: (row.branding_primary_color as string | null) ?? null,
        displayNames: (row.display_names as Record<string, string> | null) ?? {},
        settings:
          row.settings_id === null
            ? null
            : {
                legalName: (row.legal_name as string | null) ?? null,
                address: (row.address as string | null) ?? null,
                taxId: (row.tax_id as string | null) ?? null,
                invoiceEmail: (row.invoice_email as string | null) ?? null,
                invoicePrefix: (row.invoice_prefix as string | null) ?? null,
              },
      },
      buyer: { name: (row.buyer_name as string | null) ?? null, email: String(row.buyer_email), member: Boolean(row.member) },
      course: row.course_found === null ? null : { tenant: Number(row.course_tenant), capacity: row.capacity === null ? null : Number(row.capacity), titles: (row.course_titles as Record<string, string> | null) ?? {} },
      enrollment: row.enrollment_found === null ? null : { id: Number(row.enrollment_found), status: row.enrollment_status as EnrollmentStatus },
    },
})

/**
 * An order with its school, payment settings, buyer, course and the buyer's enrollment, read in
 * one statement in `req`'s transaction. Settling a payment used to read these through Payload's
 * Local API a document at a time (courses with their sections in every language, to validate
 * relationships): 30 statements and most of the CPU of a webhook.
 */
export const orderFacts = async (req: PayloadRequest, orderId: number): Promise<OrderFacts | undefined> => (await ordersFacts(req, [orderId])).get(orderId)

/** `orderFacts` of several orders in one statement, by order id (those that exist). */
export const ordersFacts = async (req: PayloadRequest, orderIds: readonly number[]): Promise<Map<number, OrderFacts>> => {
  const db = await sqlHandle(req)
  const { rows } = await executePrepared(db, sql`
    select o.id, o.tenant_id, o.buyer_id, o.course_id, o.reference, o.status, o.provider, o.currency,
      o.quantity::float8 as quantity, o.subtotal::float8 as subtotal, o.discount::float8 as discount, o.tax::float8 as tax,
      o.total::float8 as total, o.refunded::float8 as refunded, o.tax_rate::float8 as tax_rate, o.tax_included,
      o.coupon_id, o.coupon_code, o.locale, o.holds_place_until, o.enrollment_id, o.invoice_id, o.paid_at, o.failure_reason, o.attention, o.stripe_checkout_session,
      t.name as school_name, t.slug as school_slug, t.timezone, t.branding_primary_color,
      (select jsonb_object_agg(l._locale, l.branding_display_name) from tenants_locales l where l._parent_id = t.id and l.branding_display_name is not null) as display_names,
      s.id as settings_id, s.legal_name, s.address, s.tax_id, s.invoice_email, s.invoice_prefix,
      u.name as buyer_name, u.email as buyer_email,
      exists (select 1 from users_tenants m where m._parent_id = u.id and m.tenant_id = o.tenant_id and not coalesce(m.suspended, false)) as member,
      c.id as course_found, c.tenant_id as course_tenant, c.capacity::float8 as capacity,
      (select jsonb_object_agg(l._locale, l.title) from courses_locales l where l._parent_id = c.id and l.title is not null) as course_titles,
      e.id as enrollment_found, e.status as enrollment_status
    from orders o
    join tenants t on t.id = o.tenant_id
    join users u on u.id = o.buyer_id
    left join lateral (select * from payment_settings ps where ps.tenant_id = o.tenant_id order by ps.id limit 1) s on true
    left join courses c on c.id = o.course_id
    left join enrollments e on e.user_id = o.buyer_id and e.course_id = o.course_id
    where o.id = any(${sqlList(orderIds)}::int[])`)
  return new Map((rows as Row[]).map((row) => [Number(row.id), factsOf(row)]))
}
