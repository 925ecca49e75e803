import type { TaskConfig } from 'payload'

import { deliverInvoice as deliver } from '@/domain/payments/deliverInvoice'

/** Renders an issued invoice's PDF and emails it to the buyer; queued when the invoice is numbered, safe to run twice. */
export const deliverInvoice: TaskConfig<'deliverInvoice'> = {
  slug: 'deliverInvoice',
  label: 'Render and email an invoice',
  retries: { attempts: 5, backoff: { type: 'exponential', delay: 10_000 } },
  inputSchema: [{ name: 'invoice', type: 'number', required: true }],
  outputSchema: [{ name: 'file', type: 'number' }],
  handler: async ({ input, req }) => {
    const invoice = await deliver({ req, invoiceId: input.invoice })
    return { output: { file: typeof invoice.file === 'number' ? invoice.file : invoice.file?.id } }
  },
}
