import type { PayloadRequest } from 'payload'

import type { PaymentSetting } from '@/payload-types'

import { unseal } from '@/services/secrets/sealedSecrets'
import { relationId } from '@/shared/relationId'
import { PAYMENT_SETTINGS } from '@/shared/slugs'

/** What a sealed value is bound to: its school and field, so it opens nowhere else. */
export const sealedFieldContext = (tenant: number | undefined, field: string): string => `${PAYMENT_SETTINGS}:${tenant ?? 'none'}:${field}`

/** A school's payment settings as the system reads them (secrets still sealed), or none. */
export const paymentSettingsOf = async (req: PayloadRequest, tenant: number): Promise<PaymentSetting | undefined> =>
  (
    await req.payload.find({
      collection: PAYMENT_SETTINGS,
      where: { tenant: { equals: tenant } },
      limit: 1,
      depth: 0,
      overrideAccess: true,
      req,
    })
  ).docs[0]

/** A sealed field of a school's settings, opened (read with overrideAccess: field access hides it from every request). */
export const openSecret = (settingsDoc: PaymentSetting, field: 'paypalClientSecret' | 'bankDetails'): string | undefined => {
  const sealed = settingsDoc[field]
  return sealed ? unseal(sealed, sealedFieldContext(relationId(settingsDoc.tenant), field)) : undefined
}
