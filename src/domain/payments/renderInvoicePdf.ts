import { renderPdf } from '@/services/pdf/chromium'

import { type InvoiceFace, invoiceHtml } from './invoiceHtml'

/** The invoice or credit note as an A4 portrait PDF, rendered offline like certificates. */
export const renderInvoicePdf = (face: InvoiceFace): Promise<Buffer> => renderPdf(invoiceHtml(face), { landscape: false })
