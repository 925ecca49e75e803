import type { CollectionBeforeChangeHook } from 'payload'

import type { PaymentSetting } from '@/payload-types'

import { sealedFieldContext } from '@/domain/payments/schoolSecrets'
import { isSealed, seal } from '@/services/secrets/sealedSecrets'
import { relationId } from '@/shared/relationId'

/** Secrets arrive in plain text and are stored sealed; an empty string clears one, and leaving it out keeps it. */
export const sealSchoolSecrets: CollectionBeforeChangeHook<PaymentSetting> = ({ data, originalDoc }) => {
  const tenant = relationId(data.tenant ?? originalDoc?.tenant)
  for (const field of ['paypalClientSecret', 'bankDetails'] as const) {
    const value = data[field]
    if (typeof value !== 'string' || isSealed(value)) {
      continue
    }
    const plain = value.trim()
    data[field] = plain === '' ? null : seal(plain, sealedFieldContext(tenant, field))
    if (field === 'paypalClientSecret') {
      data.paypalSecretHint = plain === '' ? null : `…${plain.slice(-4)}`
    } else {
      data.bankDetailsSet = plain !== ''
    }
  }
  return data
}
