import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { sqlHandle } from '@/services/database/transactions'

export type InvoiceKind = 'invoice' | 'credit-note'

/**
 * The next number of a school's invoices (or credit notes), gapless: the school's counter row is
 * bumped in the caller's transaction, which holds its row lock until commit. A second
 * finaliser waits for the first; a rolled-back one gives its number back. So numbers are
 * consecutive, never repeated, whichever provider paid.
 */
export const nextSequence = async (req: PayloadRequest, tenant: number, kind: InvoiceKind): Promise<number> => {
  if (!req.transactionID) {
    throw new Error('Invoice numbers are taken inside the transaction that issues the invoice.')
  }
  const db = await sqlHandle(req)
  const { rows } = await db.execute(sql`
    insert into invoice_counters (tenant_id, kind, last_number) values (${tenant}, ${kind}, 1)
    on conflict (tenant_id, kind) do update set last_number = invoice_counters.last_number + 1
    returning last_number`)
  return Number((rows[0] as { last_number: number }).last_number)
}

/** `ACME-2026-000042`; credit notes `ACME-CN-2026-000003`. The year is the issue's, the sequence never restarts. */
export const formatInvoiceNumber = ({ prefix, kind, sequence, issuedAt }: { prefix: string; kind: InvoiceKind; sequence: number; issuedAt: Date }): string =>
  `${prefix}${kind === 'credit-note' ? '-CN' : ''}-${issuedAt.getUTCFullYear()}-${String(sequence).padStart(6, '0')}`
