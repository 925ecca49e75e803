import type { PayloadRequest } from 'payload'

import type { PaymentSetting } from '@/payload-types'

import { openFieldSecret } from '@/services/secrets/fieldSecrets'
import { relationId } from '@/shared/relationId'
import { PAYMENT_SETTINGS } from '@/shared/slugs'

/** A school's payment settings as the system reads them (secrets still sealed), or none. */
export const paymentSettingsOf = async (req: PayloadRequest, tenant: number): Promise<PaymentSetting | undefined> =>
  (
    await req.payload.find({
      collection: PAYMENT_SETTINGS,
      where: { tenant: { equals: tenant } },
      limit: 1,
      // One row at most: no count of the rest.
      pagination: false,
      depth: 0,
      overrideAccess: true,
      req,
    })
  ).docs[0]

/** A sealed field of a school's settings, opened (read with overrideAccess: field access hides it from every request). */
export const openSecret = (settingsDoc: PaymentSetting, field: 'paypalClientSecret' | 'bankDetails'): string | undefined =>
  openFieldSecret(PAYMENT_SETTINGS, relationId(settingsDoc.tenant), settingsDoc[field], field)
