import type { Invoice } from '@/payload-types'

import React from 'react'

import type { Strings } from './strings'

/** The PDF's address, once the jobs worker has rendered it (`depth: 1` brings the upload's URL). */
const fileUrl = (doc: Invoice): string | undefined => (doc.file && typeof doc.file === 'object' ? (doc.file.url ?? undefined) : undefined)

/** An order's invoice and credit notes as download links; a document still being rendered says so. */
export const InvoiceLinks = ({ documents, strings: t }: { documents: Invoice[]; strings: Strings }) => {
  if (documents.length === 0) {
    return null
  }
  return (
    <ul className="invoice-links">
      {documents.map((doc) => {
        const url = fileUrl(doc)
        const label = doc.kind === 'credit-note' ? t.downloadCreditNote(doc.number) : t.downloadInvoice(doc.number)
        return (
          <li key={doc.id} data-testid="invoice" data-number={doc.number}>
            {url ? <a href={url}>{label}</a> : <span className="muted">{t.invoicePending}</span>}
          </li>
        )
      })}
    </ul>
  )
}
