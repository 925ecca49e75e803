import type { PayloadRequest } from 'payload'

import type { Invoice } from '@/payload-types'
import type { InvoiceFace } from './invoiceHtml'

import { formatMoney } from './money'
import { intlLocale, invoiceText } from './invoiceText'
import { renderInvoicePdf } from './renderInvoicePdf'
import { INVOICE_FILES, INVOICES } from '@/shared/slugs'
import { relationId } from '@/shared/relationId'
import { escapeHtml } from '@/shared/escapeHtml'

/** The short mail around an invoice: what it is and its total, in the buyer's language; the PDF is attached. */
const mailOf = (face: InvoiceFace): { subject: string; html: string } => {
  const t = invoiceText[face.locale]
  const title = face.kind === 'credit-note' ? t.creditNote : t.invoice
  const total = `${face.kind === 'credit-note' ? t.totalCredited : t.total}: ${formatMoney(face.total, face.currency, intlLocale(face.locale))}`
  const dir = face.locale === 'ar' ? 'rtl' : 'ltr'
  return {
    subject: `${title} ${face.number} · ${face.seller.name}`,
    html: `<!doctype html><html lang="${face.locale}" dir="${dir}"><body><p>${escapeHtml(`${title} ${face.number}`)}</p><p>${escapeHtml(total)}</p><p>${escapeHtml(t.reference)}: ${escapeHtml(face.reference)}</p>${face.kind === 'invoice' ? `<p>${escapeHtml(t.thanks)}</p>` : ''}</body></html>`,
  }
}

/**
 * Renders an issued invoice's PDF (once: a rerun finds the file) and emails it to the buyer
 * (once: `emailedAt` is set in the same step). Run by the invoices job, safe to run twice.
 */
export const deliverInvoice = async ({ req, invoiceId }: { req: PayloadRequest; invoiceId: number }): Promise<Invoice> => {
  let invoice = await req.payload.findByID({ collection: INVOICES, id: invoiceId, depth: 0, overrideAccess: true, req })
  const face = invoice.face as unknown as InvoiceFace
  let pdf: Buffer | undefined
  if (!invoice.file) {
    pdf = await renderInvoicePdf(face)
    const file = await req.payload.create({
      collection: INVOICE_FILES,
      data: { tenant: relationId(invoice.tenant)!, buyer: relationId(invoice.buyer)! },
      file: { data: pdf, mimetype: 'application/pdf', name: `${invoice.number}.pdf`, size: pdf.length },
      depth: 0,
      overrideAccess: true,
      req,
    })
    invoice = await req.payload.update({ collection: INVOICES, id: invoice.id, data: { file: file.id }, depth: 0, overrideAccess: true, req })
  }
  if (!invoice.emailedAt) {
    pdf ??= await renderInvoicePdf(face)
    const { subject, html } = mailOf(face)
    await req.payload.sendEmail({ to: face.buyer.email, subject, html, attachments: [{ filename: `${invoice.number}.pdf`, content: pdf, contentType: 'application/pdf' }] })
    invoice = await req.payload.update({ collection: INVOICES, id: invoice.id, data: { emailedAt: new Date().toISOString() }, depth: 0, overrideAccess: true, req })
  }
  return invoice
}
