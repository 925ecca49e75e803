import type { CollectionBeforeChangeHook } from 'payload'

import { fieldSecretContext } from '@/services/secrets/fieldSecrets'
import { isSealed, seal } from '@/services/secrets/sealedSecrets'
import { referenceId } from '@/shared/referenceId'

/** A sealed field's own settings: never read back through any API; written, replaced or cleared only. */
export const sealedField = { access: { read: () => false }, admin: { description: 'Stored encrypted; never shown again. Leave empty to keep the current value; send an empty string to clear it.' } }

/** What else a sealed field keeps in view: the last characters as a hint, or only whether it is set. */
export type SecretField = { hint?: string; isSet?: string }

/**
 * A school's secrets (API credentials, bank details) arrive in plain text and are stored sealed,
 * bound to their collection, school and field; an empty string clears one, and leaving it out
 * keeps it. Field access keeps them from every API answer.
 */
export const sealSecrets =
  (collection: string, fields: Record<string, SecretField>): CollectionBeforeChangeHook =>
  ({ data, originalDoc }) => {
    const tenant = referenceId(data.tenant ?? originalDoc?.tenant) ?? undefined
    for (const [field, { hint, isSet }] of Object.entries(fields)) {
      const value: unknown = data[field]
      // The stored value coming back unchanged is kept; anything else sent is plain text to seal,
      // even if it looks sealed (it would never open).
      if (typeof value !== 'string' || (isSealed(value) && value === originalDoc?.[field])) {
        continue
      }
      const plain = value.trim()
      data[field] = plain === '' ? null : seal(plain, fieldSecretContext(collection, tenant, field))
      if (hint) {
        data[hint] = plain === '' ? null : `…${plain.slice(-4)}`
      }
      if (isSet) {
        data[isSet] = plain !== ''
      }
    }
    return data
  }
