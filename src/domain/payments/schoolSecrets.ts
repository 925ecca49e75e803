import type { PayloadRequest } from 'payload'

import type { PaymentSetting } from '@/payload-types'

import { sql } from '@payloadcms/db-postgres'

import { sqlHandle } from '@/services/database/transactions'
import { openFieldSecret } from '@/services/secrets/fieldSecrets'
import { relationId } from '@/shared/relationId'
import { PAYMENT_SETTINGS } from '@/shared/slugs'

type SettingsRow = Omit<PaymentSetting, 'stripeStatus' | 'updatedAt' | 'createdAt'> & {
  statusAccount: string | null
  chargesEnabled: boolean | null
  payoutsEnabled: boolean | null
  detailsSubmitted: boolean | null
  requirementsDue: string | null
  disabledReason: string | null
  checkedAt: Date | string | null
  updatedAt: Date | string
  createdAt: Date | string
}

const isoOf = (at: Date | string): string => new Date(at).toISOString()

/**
 * A school's payment settings as the system reads them (secrets still sealed), or none: the
 * document Payload's find would give at depth 0 (the collection has no read hooks), read with
 * one statement because every checkout asks for it.
 */
export const paymentSettingsOf = async (req: PayloadRequest, tenant: number): Promise<PaymentSetting | undefined> => {
  const db = await sqlHandle(req)
  const { rows } = await db.execute(sql`
    select id, tenant_id as tenant, stripe_enabled as "stripeEnabled", paypal_enabled as "paypalEnabled", bank_enabled as "bankEnabled",
      stripe_account_id as "stripeAccountId", platform_fee_percent::float8 as "platformFeePercent", country,
      stripe_status_account as "statusAccount", stripe_status_charges_enabled as "chargesEnabled", stripe_status_payouts_enabled as "payoutsEnabled",
      stripe_status_details_submitted as "detailsSubmitted", stripe_status_requirements_due as "requirementsDue",
      stripe_status_disabled_reason as "disabledReason", stripe_status_checked_at as "checkedAt",
      paypal_client_id as "paypalClientId", paypal_client_secret as "paypalClientSecret", paypal_secret_hint as "paypalSecretHint",
      paypal_webhook_id as "paypalWebhookId", bank_details as "bankDetails", bank_details_set as "bankDetailsSet",
      tax_rate::float8 as "taxRate", tax_label as "taxLabel", prices_include_tax as "pricesIncludeTax",
      legal_name as "legalName", address, tax_id as "taxId", invoice_email as "invoiceEmail", invoice_prefix as "invoicePrefix",
      updated_at as "updatedAt", created_at as "createdAt"
    from payment_settings where tenant_id = ${tenant}`)
  const row = rows[0] as SettingsRow | undefined
  if (!row) {
    return undefined
  }
  const { statusAccount, chargesEnabled, payoutsEnabled, detailsSubmitted, requirementsDue, disabledReason, checkedAt, updatedAt, createdAt, ...fields } = row
  return {
    ...fields,
    stripeStatus: { account: statusAccount, chargesEnabled, payoutsEnabled, detailsSubmitted, requirementsDue, disabledReason, checkedAt: checkedAt === null ? null : isoOf(checkedAt) },
    updatedAt: isoOf(updatedAt),
    createdAt: isoOf(createdAt),
  }
}

/** A sealed field of a school's settings, opened (read with overrideAccess: field access hides it from every request). */
export const openSecret = (settingsDoc: PaymentSetting, field: 'paypalClientSecret' | 'bankDetails'): string | undefined =>
  openFieldSecret(PAYMENT_SETTINGS, relationId(settingsDoc.tenant), settingsDoc[field], field)
