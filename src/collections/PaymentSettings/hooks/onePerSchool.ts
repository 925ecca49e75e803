import type { CollectionBeforeChangeHook } from 'payload'

import type { PaymentSetting } from '@/payload-types'

import { paymentSettingsOf } from '@/domain/payments/schoolSecrets'
import { conflict } from '@/shared/domainError'
import { relationId } from '@/shared/relationId'

/** A school has one set of payment settings: a second is refused with a message, before the unique index would. */
export const onePerSchool: CollectionBeforeChangeHook<PaymentSetting> = async ({ data, operation, req }) => {
  const tenant = relationId(data.tenant)
  if (operation === 'create' && tenant !== undefined && (await paymentSettingsOf(req, tenant))) {
    throw conflict('This school has its payment settings already: edit them.')
  }
  return data
}
