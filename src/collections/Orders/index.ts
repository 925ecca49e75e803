import type { CollectionConfig } from 'payload'

import { nobody } from '@/access/nobody'
import { ownerOrSchoolAdmins } from '@/access/ownerOrSchoolAdmins'
import { PAYMENTS_DESCRIPTIONS } from '@/admin/payments/strings'
import { ORDER_STATUSES, PROVIDERS } from '@/domain/payments/status'
import { COUPONS, COURSES, ENROLLMENTS, INVOICES, ORDERS, PAYMENT_PROOFS, SEAT_SUBSCRIPTIONS, USERS } from '@/shared/slugs'

import { approveOrder, captureOrder, payPalReturn, refundOrderEndpoint, rejectOrder, uploadProof } from './endpoints/actions'
import { startCheckout } from './endpoints/checkout'
import { listProviders } from './endpoints/providers'
import { revenue } from './endpoints/revenue'
import { readTransferInstructions } from './endpoints/transferInstructions'

const options = (values: readonly string[]) => values.map((value) => ({ label: value, value }))

/**
 * What a buyer bought and where its money stands. Made by checkout, changed only by the payments
 * domain (provider webhooks, staff approving a transfer or refunding): no field is written
 * through the API, and orders are never deleted.
 */
export const Orders: CollectionConfig = {
  slug: ORDERS,
  admin: {
    group: 'Payments',
    useAsTitle: 'reference',
    description: PAYMENTS_DESCRIPTIONS.orders,
    defaultColumns: ['reference', 'buyerEmail', 'course', 'total', 'provider', 'status', 'createdAt'],
    listSearchableFields: ['reference', 'buyerEmail'],
    components: {
      beforeListTable: ['@/admin/payments/OrderFilters#OrderFilters'],
      edit: { beforeDocumentControls: ['@/admin/payments/OrderActions#OrderActions'] },
    },
  },
  access: { read: ownerOrSchoolAdmins('buyer'), create: nobody, update: nobody, delete: nobody },
  indexes: [
    { fields: ['buyer', 'idempotencyKey'], unique: true },
    // Not (course, status): Payload names compound indexes by their fields, and enrollments has that name.
    { fields: ['status', 'course'] },
  ],
  endpoints: [startCheckout, listProviders, revenue, payPalReturn, captureOrder, uploadProof, readTransferInstructions, approveOrder, rejectOrder, refundOrderEndpoint],
  fields: [
    { name: 'reference', type: 'text', required: true, unique: true, admin: { description: 'Quoted by the buyer, on bank transfers and on the invoice.' } },
    { name: 'buyer', type: 'relationship', relationTo: USERS, required: true, index: true },
    { name: 'buyerEmail', type: 'text' },
    {
      type: 'row',
      fields: [
        { name: 'kind', type: 'select', required: true, defaultValue: 'course', options: options(['course', 'seats']) },
        { name: 'course', type: 'relationship', relationTo: COURSES, index: true },
        { name: 'seatSubscription', type: 'relationship', relationTo: SEAT_SUBSCRIPTIONS, index: true },
        { name: 'quantity', type: 'number', required: true, defaultValue: 1, min: 1 },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'status', type: 'select', required: true, defaultValue: 'pending', index: true, options: options(ORDER_STATUSES) },
        { name: 'provider', type: 'select', required: true, options: options(PROVIDERS) },
        { name: 'currency', type: 'text', required: true, maxLength: 3 },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'subtotal', type: 'number', required: true, admin: { description: "In the currency's smallest unit." } },
        { name: 'discount', type: 'number', required: true, defaultValue: 0 },
        { name: 'tax', type: 'number', required: true, defaultValue: 0 },
        { name: 'total', type: 'number', required: true, admin: { components: { Cell: '@/admin/payments/MoneyCell#MoneyCell' } } },
        { name: 'refunded', type: 'number', required: true, defaultValue: 0 },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'taxRate', type: 'number', defaultValue: 0 },
        { name: 'taxIncluded', type: 'checkbox', defaultValue: false },
        { name: 'coupon', type: 'relationship', relationTo: COUPONS },
        { name: 'couponCode', type: 'text' },
      ],
    },
    { name: 'idempotencyKey', type: 'text', required: true, admin: { description: 'A second checkout with the same key answers this order.' } },
    { name: 'locale', type: 'text', maxLength: 5, admin: { description: "The buyer's language: their invoice is written in it." } },
    { name: 'holdsPlaceUntil', type: 'date', admin: { description: 'Until then this order keeps a place for the buyer in a course with limited places.' } },
    {
      name: 'stripe',
      type: 'group',
      fields: [
        { name: 'checkoutSession', type: 'text', index: true },
        { name: 'paymentIntent', type: 'text', index: true },
        { name: 'account', type: 'text', admin: { description: 'The connected account paid (destination charge), if any.' } },
        { name: 'applicationFee', type: 'number' },
        { name: 'url', type: 'text' },
      ],
    },
    {
      name: 'paypal',
      type: 'group',
      fields: [
        { name: 'order', type: 'text', index: true },
        { name: 'capture', type: 'text', index: true },
        { name: 'url', type: 'text' },
      ],
    },
    { name: 'proof', type: 'relationship', relationTo: PAYMENT_PROOFS, admin: { description: 'The buyer\'s proof of a bank transfer.' } },
    { name: 'enrollment', type: 'relationship', relationTo: ENROLLMENTS },
    { name: 'invoice', type: 'relationship', relationTo: INVOICES },
    { name: 'paidAt', type: 'date' },
    { name: 'failedAt', type: 'date' },
    { name: 'failureReason', type: 'text' },
    { name: 'attention', type: 'text', admin: { description: 'Something staff should look at (money arrived for a course that filled up meanwhile).' } },
  ],
}
