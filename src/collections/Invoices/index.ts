import type { CollectionConfig } from 'payload'

import { nobody } from '@/access/nobody'
import { ownerOrSchoolAdmins } from '@/access/ownerOrSchoolAdmins'
import { PAYMENTS_DESCRIPTIONS } from '@/admin/payments/strings'
import { INVOICE_FILES, INVOICES, ORDERS, PAYMENTS, USERS } from '@/shared/slugs'

/**
 * Invoices and credit notes. Numbered when finalised, gapless per school and kind (see
 * src/domain/payments/invoiceNumbers.ts); what they say is fixed at issue (`face`), and they
 * are never changed or deleted.
 */
export const Invoices: CollectionConfig = {
  slug: INVOICES,
  admin: { group: 'Payments', useAsTitle: 'number', description: PAYMENTS_DESCRIPTIONS.invoices, defaultColumns: ['number', 'kind', 'total', 'buyer', 'order', 'issuedAt', 'emailedAt'], listSearchableFields: ['number'] },
  access: { read: ownerOrSchoolAdmins('buyer'), create: nobody, update: nobody, delete: nobody },
  indexes: [
    { fields: ['tenant', 'number'], unique: true },
    { fields: ['tenant', 'kind', 'sequence'], unique: true },
    { fields: ['payment'], unique: true },
  ],
  fields: [
    { name: 'number', type: 'text', required: true },
    {
      type: 'row',
      fields: [
        { name: 'kind', type: 'select', required: true, options: ['invoice', 'credit-note'].map((value) => ({ label: value, value })) },
        { name: 'sequence', type: 'number', required: true },
        { name: 'issuedAt', type: 'date', required: true },
      ],
    },
    { name: 'order', type: 'relationship', relationTo: ORDERS, required: true, index: true },
    { name: 'payment', type: 'relationship', relationTo: PAYMENTS, required: true },
    { name: 'buyer', type: 'relationship', relationTo: USERS, required: true, index: true },
    { name: 'credits', type: 'relationship', relationTo: INVOICES, admin: { description: 'The invoice a credit note credits.' } },
    {
      type: 'row',
      fields: [
        { name: 'currency', type: 'text', required: true, maxLength: 3 },
        { name: 'total', type: 'number', required: true, admin: { components: { Cell: '@/admin/payments/MoneyCell#MoneyCell' } } },
        { name: 'tax', type: 'number', required: true },
        { name: 'locale', type: 'text', required: true, maxLength: 5 },
      ],
    },
    { name: 'face', type: 'json', required: true, admin: { description: 'Everything the invoice says, as issued.' } },
    { name: 'file', type: 'relationship', relationTo: INVOICE_FILES, admin: { description: 'The PDF, once rendered.' } },
    { name: 'emailedAt', type: 'date' },
  ],
}
