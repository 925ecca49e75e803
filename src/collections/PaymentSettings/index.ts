import type { CollectionConfig, FieldAccess } from 'payload'

import { createInOwnTenant } from '@/access/createInOwnTenant'
import { systemOnly } from '@/access/systemOnly'
import { PAYMENTS_DESCRIPTIONS } from '@/admin/payments/strings'
import { isSuperAdmin, superAdminOnly } from '@/domain/identity/isSuperAdmin'
import { schoolAdminsInPerson } from '@/domain/identity/staff'
import { onePerSchool } from '@/hooks/onePerSchool'
import { sealedField as secret, sealSecrets } from '@/hooks/sealSecrets'
import { PAYMENT_SETTINGS } from '@/shared/slugs'

import { connectStripe, stripeRefresh, stripeReturn } from './endpoints/stripeConnect'

/** Who gets paid is the platform's decision: only super-admins point a school at a Stripe account or set its fee. */
const platformOnly: { create: FieldAccess; update: FieldAccess } = { create: ({ req }) => isSuperAdmin(req.user), update: ({ req }) => isSuperAdmin(req.user) }

/**
 * How one school takes money: which providers it offers, where Stripe pays it (its connected
 * account once Stripe lets it take charges, or the platform's), its PayPal credentials and bank
 * details (sealed), its tax and the seller details printed on its invoices. One per school.
 */
export const PaymentSettings: CollectionConfig = {
  slug: PAYMENT_SETTINGS,
  labels: { singular: 'Payment settings', plural: 'Payment settings' },
  admin: {
    group: 'Payments',
    useAsTitle: 'legalName',
    description: PAYMENTS_DESCRIPTIONS.paymentSettings,
    defaultColumns: ['legalName', 'tenant', 'stripeEnabled', 'paypalEnabled', 'bankEnabled', 'taxRate'],
    // Each school's PayPal webhook URL, and the schools that have no settings yet.
    components: { Description: '@/admin/payments/PaymentSettingsHelp#PaymentSettingsHelp' },
  },
  access: { read: schoolAdminsInPerson, create: createInOwnTenant(PAYMENT_SETTINGS), update: schoolAdminsInPerson, delete: superAdminOnly },
  indexes: [{ fields: ['tenant'], unique: true }],
  hooks: {
    beforeChange: [
      onePerSchool(PAYMENT_SETTINGS, 'This school has its payment settings already: edit them.'),
      sealSecrets(PAYMENT_SETTINGS, { paypalClientSecret: { hint: 'paypalSecretHint' }, bankDetails: { isSet: 'bankDetailsSet' } }),
    ],
  },
  endpoints: [connectStripe, stripeReturn, stripeRefresh],
  fields: [
    {
      type: 'row',
      fields: [
        { name: 'stripeEnabled', type: 'checkbox', defaultValue: true, label: 'Card payments (Stripe)' },
        { name: 'paypalEnabled', type: 'checkbox', defaultValue: false, label: 'PayPal' },
        { name: 'bankEnabled', type: 'checkbox', defaultValue: false, label: 'Bank transfer' },
      ],
    },
    {
      type: 'collapsible',
      label: 'Stripe',
      fields: [
        // Connect Stripe, continue onboarding, and the account's state, for the school's admins.
        { name: 'stripeConnect', type: 'ui', admin: { components: { Field: '@/admin/payments/StripeConnect#StripeConnect' } } },
        {
          name: 'stripeAccountId',
          type: 'text',
          maxLength: 64,
          access: platformOnly,
          validate: (value: unknown) => (value === null || value === undefined || value === '' || (typeof value === 'string' && /^acct_[A-Za-z0-9]{1,60}$/.test(value)) ? true : 'A connected account id starts with acct_.'),
          admin: {
            description:
              "The school's connected Stripe account: set when its admins connect Stripe, or typed here by a super-admin. Paid directly (destination charges) once Stripe lets it take charges; until then payments go to the platform's account.",
          },
        },
        { name: 'platformFeePercent', type: 'number', min: 0, max: 50, defaultValue: 0, access: platformOnly, admin: { description: "The platform's fee on each payment to a connected account, in percent." } },
        {
          name: 'country',
          type: 'text',
          maxLength: 2,
          validate: (value: unknown) => (value === null || value === undefined || value === '' || (typeof value === 'string' && /^[A-Z]{2}$/.test(value)) ? true : 'Two capital letters (ISO 3166), for example KE, AE or GB.'),
          admin: { description: 'Where the school is registered as a business (two letters, for example KE, AE or GB). Stripe opens the school’s account in this country when it connects Stripe, and it cannot change afterwards. Empty: the platform’s country.' },
        },
        {
          name: 'stripeStatus',
          type: 'group',
          // Stripe's word on the account, written only by onboarding, the return from Stripe and `account.updated`.
          access: systemOnly,
          admin: { hidden: true },
          fields: [
            { name: 'account', type: 'text', admin: { description: 'The account this state is about: a state recorded for an account the school no longer uses counts for nothing.' } },
            { name: 'chargesEnabled', type: 'checkbox' },
            { name: 'payoutsEnabled', type: 'checkbox' },
            { name: 'detailsSubmitted', type: 'checkbox' },
            { name: 'requirementsDue', type: 'text', admin: { description: 'What Stripe still wants, as it names the fields (comma-separated, shortened).' } },
            { name: 'disabledReason', type: 'text' },
            { name: 'checkedAt', type: 'date', admin: { description: 'When Stripe said so: the time of its event, or of our question.' } },
          ],
        },
      ],
    },
    {
      type: 'collapsible',
      label: 'PayPal',
      fields: [
        { name: 'paypalClientId', type: 'text', maxLength: 200 },
        { name: 'paypalClientSecret', type: 'text', maxLength: 2000, ...secret },
        { name: 'paypalSecretHint', type: 'text', access: systemOnly, admin: { readOnly: true, description: 'The last characters of the stored client secret.' } },
        { name: 'paypalWebhookId', type: 'text', maxLength: 100, admin: { description: PAYMENTS_DESCRIPTIONS.paypalWebhookId } },
      ],
    },
    {
      type: 'collapsible',
      label: 'Bank transfer',
      fields: [
        { name: 'bankDetails', type: 'textarea', maxLength: 2000, ...secret, admin: { description: 'Account name, bank, IBAN or account number, as buyers should see them on their order only. Stored encrypted.' } },
        { name: 'bankDetailsSet', type: 'checkbox', access: systemOnly, admin: { readOnly: true } },
      ],
    },
    {
      type: 'collapsible',
      label: 'Tax',
      fields: [
        {
          type: 'row',
          fields: [
            { name: 'taxRate', type: 'number', min: 0, max: 100, defaultValue: 0, admin: { description: 'In percent, for example 15 or 7.5.' } },
            { name: 'taxLabel', type: 'text', maxLength: 30, defaultValue: 'Tax', admin: { description: 'VAT, GST, Sales tax…' } },
            { name: 'pricesIncludeTax', type: 'checkbox', defaultValue: false },
          ],
        },
      ],
    },
    {
      type: 'collapsible',
      label: 'On invoices',
      fields: [
        { name: 'legalName', type: 'text', maxLength: 200 },
        { name: 'address', type: 'textarea', maxLength: 500 },
        { name: 'taxId', type: 'text', maxLength: 60 },
        { name: 'invoiceEmail', type: 'email' },
        {
          name: 'invoicePrefix',
          type: 'text',
          maxLength: 12,
          validate: (value: unknown) => (value === null || value === undefined || value === '' || (typeof value === 'string' && /^[A-Z0-9][A-Z0-9-]{0,11}$/.test(value)) ? true : 'Capital letters, digits and dashes, at most 12.'),
          admin: { description: 'Invoice numbers read <prefix>-<year>-<number>. Empty: the school’s slug.' },
        },
      ],
    },
  ],
}
