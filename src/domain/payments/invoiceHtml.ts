import { type LocaleCode, LOCALES } from '@/i18n/locales'

import { formatInvoiceDate, formatQuantity, formatRate, intlLocale, invoiceText } from './invoiceText'
import { formatMoney } from './money'
import { escapeHtml } from '@/shared/escapeHtml'

/** What an invoice or credit note shows; every amount is in the currency's smallest unit. */
export type InvoiceFace = {
  kind: 'invoice' | 'credit-note'
  /** e.g. 'ACME-2026-000042'. */
  number: string
  /** ISO timestamp. */
  issuedAt: string
  /** The school's, e.g. 'Africa/Mogadishu'. */
  timeZone: string
  /** The buyer's language. */
  locale: LocaleCode
  /** ISO 4217. */
  currency: string
  seller: { name: string; address?: string; taxId?: string; email?: string }
  buyer: { name: string; email: string; address?: string }
  lines: { description: string; quantity: number; unitAmount: number; amount: number }[]
  subtotal: number
  /** >= 0. */
  discount: number
  /** e.g. the coupon code. */
  discountLabel?: string
  /** Percent, e.g. 15 or 7.5. */
  taxRate: number
  /** Prices include tax: the tax line is "of which tax". */
  taxIncluded: boolean
  tax: number
  total: number
  provider?: 'stripe' | 'paypal' | 'bank'
  paidAt?: string
  /** The order's reference. */
  reference: string
  /** Credit notes: the invoice they credit. */
  credits?: { number: string; reason?: string }
  /** The school's colour, `#rrggbb`. */
  colour: string
  /** The school's logo as a data: URL. */
  logo?: string
}

/** Text of the face (names, numbers, emails, amounts) keeps its own direction inside the page's. */
const bdi = (text: string, className?: string): string => `<bdi${className ? ` class="${className}"` : ''}>${escapeHtml(text)}</bdi>`

const row = (label: string, value: string, className?: string): string =>
  `<tr${className ? ` class="${className}"` : ''}><th scope="row">${escapeHtml(label)}</th><td>${value}</td></tr>`

const fact = (label: string, value: string): string => `<div class="fact"><dt>${escapeHtml(label)}</dt><dd>${value}</dd></div>`

/**
 * The invoice or credit note as one self-contained A4 page: inline styles and logo, so
 * rendering needs no network. Arabic pages are `dir="rtl"` in a font with Arabic shaping,
 * and the layout uses logical sides (start/end) so it mirrors. A credit note shows the
 * amounts credited as positive numbers under credited labels, never as negative totals.
 */
export const invoiceHtml = (face: InvoiceFace): string => {
  const t = invoiceText[face.locale]
  const rtl = LOCALES.find((l) => l.code === face.locale)?.rtl ?? false
  const credit = face.kind === 'credit-note'
  const title = credit ? t.creditNote : t.invoice
  const locale = intlLocale(face.locale)
  const colour = /^#[0-9a-f]{6}$/i.test(face.colour) ? face.colour : '#1f4e79'
  // Only an inline image; anything else would be a request (blocked anyway) or markup.
  const logo = face.logo?.startsWith('data:image/') ? `<img src="${escapeHtml(face.logo)}" alt="">` : ''
  const money = (minor: number): string => bdi(formatMoney(minor, face.currency, locale), 'amount')
  const date = (iso: string): string => bdi(formatInvoiceDate(iso, face.locale, face.timeZone))
  const rate = formatRate(face.taxRate, face.locale)

  const facts = [
    fact(t.number, bdi(face.number, 'mono')),
    fact(t.issued, date(face.issuedAt)),
    face.paidAt ? fact(credit ? t.refundedOn : t.paidOn, date(face.paidAt)) : credit ? '' : fact(t.due, escapeHtml(t.dueOnReceipt)),
    fact(t.reference, bdi(face.reference, 'mono')),
    face.credits ? fact(t.credits, bdi(face.credits.number, 'mono')) : '',
    face.credits?.reason ? fact(t.reason, bdi(face.credits.reason)) : '',
  ]

  const seller = [
    `<p class="name">${bdi(face.seller.name)}</p>`,
    face.seller.address ? `<p class="address">${bdi(face.seller.address)}</p>` : '',
    face.seller.taxId ? `<p>${escapeHtml(t.taxId)}: ${bdi(face.seller.taxId, 'mono')}</p>` : '',
    face.seller.email ? `<p>${bdi(face.seller.email)}</p>` : '',
  ]
  const buyer = [
    `<p class="name">${bdi(face.buyer.name)}</p>`,
    `<p>${bdi(face.buyer.email)}</p>`,
    face.buyer.address ? `<p class="address">${bdi(face.buyer.address)}</p>` : '',
  ]

  const lines = face.lines.map(
    (line) =>
      `<tr><td class="desc">${bdi(line.description)}</td><td class="num">${bdi(formatQuantity(line.quantity, face.locale))}</td>` +
      `<td class="num">${money(line.unitAmount)}</td><td class="num">${money(line.amount)}</td></tr>`,
  )

  const discountLabel = face.discountLabel ? `${t.discount} (${face.discountLabel})` : t.discount
  const taxLabel = `${face.taxIncluded ? t.includedTax : t.tax} (${rate})`
  const showTax = face.tax > 0 || face.taxRate > 0
  const totals = [
    row(t.subtotal, money(face.subtotal)),
    // The discount is a deduction from the subtotal, so it carries a minus; no total ever does.
    face.discount > 0 ? row(discountLabel, money(-face.discount)) : '',
    showTax && !face.taxIncluded ? row(taxLabel, money(face.tax)) : '',
    row(credit ? t.totalCredited : t.total, money(face.total), 'total'),
    showTax && face.taxIncluded ? row(taxLabel, money(face.tax), 'included') : '',
    face.paidAt ? row(credit ? t.amountRefunded : t.amountPaid, money(face.total)) : credit ? '' : row(t.amountDue, money(face.total)),
  ]

  const notes = [
    face.taxIncluded ? `<p>${escapeHtml(t.pricesIncludeTax)}</p>` : '',
    face.provider ? `<p>${escapeHtml(credit ? t.refundedVia : t.paidWith)}: ${escapeHtml(t.providers[face.provider])}</p>` : '',
    credit ? '' : `<p class="thanks">${escapeHtml(t.thanks)}</p>`,
  ]

  return `<!doctype html>
<html lang="${face.locale}" dir="${rtl ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)} ${escapeHtml(face.number)}</title>
<style>
  @page { size: A4 portrait; margin: 0; }
  * { box-sizing: border-box; }
  html, body { margin: 0; width: 210mm; min-height: 297mm; }
  body { font-family: 'Noto Naskh Arabic', 'Noto Sans Arabic', 'Noto Sans', 'DejaVu Sans', sans-serif; font-size: 10pt; color: #1d1d1f; }
  .page { padding: 16mm 16mm 14mm; border-top: 4mm solid ${colour}; min-height: 297mm; display: flex; flex-direction: column; }
  p { margin: 0.6mm 0; }
  .top { display: flex; justify-content: space-between; align-items: flex-start; gap: 10mm; }
  .brand { flex: 1; min-width: 0; display: flex; align-items: center; gap: 4mm; font-size: 14pt; font-weight: bold; color: ${colour}; }
  .brand img { max-height: 16mm; max-width: 45mm; }
  h1 { margin: 0; font-size: 22pt; color: ${colour}; text-align: end; white-space: nowrap; }
  h2 { margin: 0 0 1.5mm; font-size: 9pt; color: #6b6b70; }
  .facts { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm 8mm; margin: 8mm 0 6mm; padding: 4mm 0; border-block: 0.3mm solid #d8d8dc; }
  dt { font-size: 8.5pt; color: #6b6b70; }
  dd { margin: 0.5mm 0 0; font-weight: bold; }
  .parties { display: grid; grid-template-columns: 1fr 1fr; gap: 10mm; margin-bottom: 8mm; }
  .name { font-weight: bold; font-size: 11pt; }
  .address { white-space: pre-line; }
  .mono { font-family: 'DejaVu Sans Mono', monospace; font-size: 9pt; }
  table { border-collapse: collapse; width: 100%; }
  .lines th { text-align: start; font-size: 8.5pt; color: #fff; background: ${colour}; padding: 2mm 3mm; }
  .lines td { padding: 2.5mm 3mm; border-bottom: 0.3mm solid #e4e4e8; vertical-align: top; }
  .lines .num, .lines th.num { text-align: end; white-space: nowrap; }
  .desc { width: 55%; }
  .totals { width: 55%; margin-inline-start: auto; margin-top: 5mm; }
  .totals th { text-align: start; font-weight: normal; padding: 1.5mm 3mm; }
  .totals td { text-align: end; padding: 1.5mm 3mm; white-space: nowrap; }
  .totals .total th, .totals .total td { font-weight: bold; font-size: 12pt; border-top: 0.5mm solid ${colour}; padding-top: 2.5mm; }
  .totals .included th, .totals .included td { color: #6b6b70; font-size: 9pt; }
  .amount { font-variant-numeric: tabular-nums; }
  .notes { margin-top: auto; padding-top: 8mm; color: #3a3a3f; }
  .thanks { margin-top: 3mm; font-weight: bold; color: ${colour}; }
</style>
</head>
<body>
<div class="page">
  <header class="top">
    <div class="brand">${logo}${bdi(face.seller.name)}</div>
    <h1>${escapeHtml(title)}</h1>
  </header>
  <dl class="facts">${facts.join('')}</dl>
  <section class="parties">
    <div><h2>${escapeHtml(t.seller)}</h2>${seller.join('')}</div>
    <div><h2>${escapeHtml(t.buyer)}</h2>${buyer.join('')}</div>
  </section>
  <table class="lines">
    <thead><tr><th>${escapeHtml(t.description)}</th><th class="num">${escapeHtml(t.quantity)}</th><th class="num">${escapeHtml(t.unitPrice)}</th><th class="num">${escapeHtml(t.amount)}</th></tr></thead>
    <tbody>${lines.join('')}</tbody>
  </table>
  <table class="totals"><tbody>${totals.join('')}</tbody></table>
  <footer class="notes">${notes.join('')}</footer>
</div>
</body>
</html>`
}
