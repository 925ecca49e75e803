import type { CollectionConfig } from 'payload'

import { createInOwnTenant } from '@/access/createInOwnTenant'
import { systemOnly } from '@/access/systemOnly'
import { schoolAdmins } from '@/domain/identity/staff'
import { checkCoupon } from '@/domain/payments/coupons'
import { COUPONS, COURSES } from '@/shared/slugs'

/** Discount codes a school's admins make: a percentage or an amount off, for one course or all, within limits. */
export const Coupons: CollectionConfig = {
  slug: COUPONS,
  admin: { group: 'Payments', useAsTitle: 'code', defaultColumns: ['code', 'kind', 'percentOff', 'amountOff', 'course', 'redemptions', 'maxRedemptions', 'active'] },
  access: { read: schoolAdmins, create: createInOwnTenant(COUPONS), update: schoolAdmins, delete: schoolAdmins },
  indexes: [{ fields: ['tenant', 'code'], unique: true }],
  hooks: { beforeChange: [({ data, originalDoc }) => checkCoupon({ ...originalDoc, ...data }) && data] },
  fields: [
    {
      name: 'code',
      type: 'text',
      required: true,
      maxLength: 40,
      hooks: { beforeValidate: [({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value)] },
      validate: (value: unknown) => (typeof value === 'string' && /^[A-Z0-9][A-Z0-9_-]{1,39}$/.test(value) ? true : 'Letters, digits, dashes and underscores, 2 to 40.'),
    },
    {
      type: 'row',
      fields: [
        { name: 'kind', type: 'select', required: true, defaultValue: 'percent', options: [{ label: 'Percentage', value: 'percent' }, { label: 'Fixed amount', value: 'fixed' }] },
        { name: 'percentOff', type: 'number', min: 1, max: 100, admin: { condition: (data) => data?.kind !== 'fixed' } },
        { name: 'amountOff', type: 'number', min: 1, max: 100_000_000, admin: { condition: (data) => data?.kind === 'fixed', description: "In the currency's smallest unit." } },
        { name: 'currency', type: 'text', maxLength: 3, admin: { condition: (data) => data?.kind === 'fixed' } },
      ],
    },
    { name: 'course', type: 'relationship', relationTo: COURSES, admin: { description: 'Empty: every course of the school.' } },
    {
      type: 'row',
      fields: [
        { name: 'validFrom', type: 'date' },
        { name: 'validUntil', type: 'date' },
        { name: 'maxRedemptions', type: 'number', min: 1, admin: { description: 'Empty: unlimited.' } },
        { name: 'redemptions', type: 'number', defaultValue: 0, access: systemOnly, admin: { readOnly: true } },
      ],
    },
    { name: 'active', type: 'checkbox', defaultValue: true },
  ],
}
