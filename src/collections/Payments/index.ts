import type { CollectionConfig } from 'payload'

import { nobody } from '@/access/nobody'
import { ownerOrSchoolAdmins } from '@/access/ownerOrSchoolAdmins'
import { PAYMENTS_DESCRIPTIONS } from '@/admin/payments/strings'
import { PROVIDERS } from '@/domain/payments/status'
import { ORDERS, PAYMENTS, USERS } from '@/shared/slugs'

/**
 * Every movement of money, once: a charge when an order is paid, a refund when money goes back.
 * Each carries the provider's own reference, unique per provider, so a webhook delivered three
 * times or a job run twice cannot count money twice. Never changed, never deleted.
 */
export const Payments: CollectionConfig = {
  slug: PAYMENTS,
  // `at` is when the money moved (a refund made in Stripe's dashboard is recorded when its webhook arrives).
  admin: { group: 'Payments', useAsTitle: 'reference', description: PAYMENTS_DESCRIPTIONS.payments, defaultColumns: ['reference', 'kind', 'amount', 'provider', 'order', 'buyer', 'at'], listSearchableFields: ['reference'] },
  access: { read: ownerOrSchoolAdmins('buyer'), create: nobody, update: nobody, delete: nobody },
  indexes: [{ fields: ['provider', 'reference'], unique: true }],
  fields: [
    { name: 'order', type: 'relationship', relationTo: ORDERS, required: true, index: true },
    { name: 'buyer', type: 'relationship', relationTo: USERS, required: true, index: true },
    {
      type: 'row',
      fields: [
        { name: 'kind', type: 'select', required: true, options: ['charge', 'refund'].map((value) => ({ label: value, value })) },
        { name: 'provider', type: 'select', required: true, options: PROVIDERS.map((value) => ({ label: value, value })) },
        { name: 'amount', type: 'number', required: true, min: 0, admin: { description: "In the currency's smallest unit; refunds too are positive.", components: { Cell: '@/admin/payments/MoneyCell#MoneyCell' } } },
        { name: 'currency', type: 'text', required: true, maxLength: 3 },
      ],
    },
    { name: 'reference', type: 'text', required: true, admin: { description: "The provider's id: a Stripe payment intent or refund, a PayPal capture or refund, a bank transfer's order reference." } },
    { name: 'by', type: 'relationship', relationTo: USERS, admin: { description: 'Who approved the transfer or made the refund.' } },
    { name: 'note', type: 'text' },
    { name: 'at', type: 'date', required: true },
  ],
}
