import type { PayloadRequest } from 'payload'

import type { Course, Invoice, Order, Payment, PaymentSetting, Tenant, User } from '@/payload-types'
import type { InvoiceFace } from './invoiceHtml'

import { recordEvent } from '@/domain/events/recordEvent'
import { DEFAULT_LOCALE, isLocaleCode } from '@/i18n/locales'
import { readingIn } from '@/services/database/transactions'
import { relationId } from '@/shared/relationId'
import { requestMeta } from '@/shared/requestContext'
import { COURSES, INVOICES, TENANTS, USERS } from '@/shared/slugs'

import { formatInvoiceNumber, type InvoiceKind, nextSequence } from './invoiceNumbers'
import { paymentSettingsOf } from './schoolSecrets'

export const INVOICE_QUEUE = 'invoices'

const localized = (value: unknown, locale: string): string | undefined =>
  typeof value === 'string' ? value : value && typeof value === 'object' ? ((value as Record<string, string>)[locale] ?? (value as Record<string, string>)[DEFAULT_LOCALE]) : undefined

/** What an invoice for `order` says, in the buyer's language, as it stands now. */
const faceOf = async ({ req, order, payment, kind, sequenceNumber, issuedAt, credits }: { req: PayloadRequest; order: Order; payment: Payment; kind: InvoiceKind; sequenceNumber: string; issuedAt: Date; credits?: Invoice }): Promise<InvoiceFace> => {
  const everyLocale = await readingIn(req, 'all')
  const tenant = (await req.payload.findByID({ collection: TENANTS, id: relationId(order.tenant)!, depth: 0, locale: 'all', overrideAccess: true, req: everyLocale })) as unknown as Tenant
  const buyer = (await req.payload.findByID({ collection: USERS, id: relationId(order.buyer)!, depth: 0, overrideAccess: true, req })) as User
  const locale = isLocaleCode(order.locale) ? order.locale : DEFAULT_LOCALE
  const course = order.course ? ((await req.payload.findByID({ collection: COURSES, id: relationId(order.course)!, depth: 0, locale: 'all', overrideAccess: true, req: everyLocale })) as unknown as Course) : undefined
  const settings: PaymentSetting | undefined = await paymentSettingsOf(req, relationId(order.tenant)!)
  const description = localized(course?.title, locale) ?? order.reference
  const refund = kind === 'credit-note'
  // A credit note credits what went back; its tax is the same share of the refund as of the order.
  const amount = refund ? payment.amount : order.subtotal
  const tax = refund ? Math.round((order.tax * payment.amount) / Math.max(1, order.total)) : order.tax
  return {
    kind,
    number: sequenceNumber,
    issuedAt: issuedAt.toISOString(),
    timeZone: tenant.timezone || 'UTC',
    locale,
    currency: order.currency,
    seller: {
      name: settings?.legalName || localized(tenant.branding?.displayName, locale) || tenant.name,
      ...(settings?.address ? { address: settings.address } : {}),
      ...(settings?.taxId ? { taxId: settings.taxId } : {}),
      ...(settings?.invoiceEmail ? { email: settings.invoiceEmail } : {}),
    },
    buyer: { name: buyer.name || buyer.email, email: buyer.email },
    lines: refund
      ? [{ description, quantity: 1, unitAmount: amount, amount }]
      : [{ description, quantity: order.quantity, unitAmount: Math.round(order.subtotal / Math.max(1, order.quantity)), amount: order.subtotal }],
    subtotal: amount,
    discount: refund ? 0 : order.discount,
    ...(order.couponCode && !refund ? { discountLabel: order.couponCode } : {}),
    taxRate: order.taxRate ?? 0,
    taxIncluded: Boolean(order.taxIncluded),
    tax,
    total: refund ? payment.amount : order.total,
    provider: order.provider,
    paidAt: payment.at,
    reference: order.reference,
    ...(credits ? { credits: { number: credits.number, ...(payment.note ? { reason: payment.note } : {}) } } : {}),
    colour: tenant.branding?.primaryColor || '#1f4e79',
  }
}

/**
 * Finalises an invoice (for a charge) or a credit note (for a refund) in the caller's
 * transaction: takes the school's next number, fixes what it says, records `invoice.issued`
 * and queues its PDF and email. One per payment (a unique index), so a repeat finds it.
 */
export const issueInvoice = async ({ req, order, payment, kind, credits }: { req: PayloadRequest; order: Order; payment: Payment; kind: InvoiceKind; credits?: Invoice }): Promise<Invoice> => {
  const already = await req.payload.find({ collection: INVOICES, where: { payment: { equals: payment.id } }, limit: 1, depth: 0, overrideAccess: true, req })
  if (already.docs[0]) {
    return already.docs[0]
  }
  const tenantId = relationId(order.tenant)!
  const settings = await paymentSettingsOf(req, tenantId)
  const tenant = await req.payload.findByID({ collection: TENANTS, id: tenantId, depth: 0, select: { slug: true }, overrideAccess: true, req })
  const issuedAt = new Date()
  const sequence = await nextSequence(req, tenantId, kind)
  const number = formatInvoiceNumber({ prefix: settings?.invoicePrefix || tenant.slug.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 12) || 'INV', kind, sequence, issuedAt })
  const face = await faceOf({ req, order, payment, kind, sequenceNumber: number, issuedAt, credits })
  const invoice = await req.payload.create({
    collection: INVOICES,
    data: {
      tenant: tenantId,
      number,
      kind,
      sequence,
      issuedAt: issuedAt.toISOString(),
      order: order.id,
      payment: payment.id,
      buyer: relationId(order.buyer)!,
      ...(credits ? { credits: credits.id } : {}),
      currency: order.currency,
      total: face.total,
      tax: face.tax,
      locale: face.locale,
      face,
    },
    depth: 0,
    overrideAccess: true,
    req,
  })
  await recordEvent(req, {
    type: 'invoice.issued',
    tenant: tenantId,
    subject: { collection: INVOICES, id: invoice.id },
    payload: { invoice: invoice.id, number, kind, order: order.id, buyer: relationId(order.buyer)!, total: face.total, currency: order.currency, issuedAt: face.issuedAt },
  })
  await req.payload.jobs.queue({ task: 'deliverInvoice', input: { invoice: invoice.id }, queue: INVOICE_QUEUE, meta: requestMeta(), req })
  return invoice
}
