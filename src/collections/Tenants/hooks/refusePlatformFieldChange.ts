import type { FieldHook } from 'payload'

import type { Tenant } from '@/payload-types'

import { APIError } from 'payload'

import { platformControlled } from '../access/update'

/** Domains compare as the set of host names (row IDs, order and no rows versus none aside); anything else as is. */
const comparable = (value: unknown, isList: boolean): string =>
  JSON.stringify(
    isList
      ? (Array.isArray(value) ? (value as ({ domain?: unknown } | null)[]) : []).map((row) => String(row?.domain ?? '').trim().toLowerCase()).sort()
      : (value ?? null),
  )

/**
 * Field access would make Payload drop a change of slug, domains or status silently
 * and answer 200, so a form or script would report a change that never happened.
 * Someone who may not write them is refused loudly instead (403 naming the field),
 * like `platformRole` on users. Sending the stored value back is no change: the
 * admin panel sends the whole form, read-only fields included.
 */
export const refusePlatformFieldChange: FieldHook<Tenant> = async ({
  data,
  field,
  operation,
  originalDoc,
  overrideAccess,
  previousValue,
  req,
  siblingData,
  value,
}) => {
  const isList = field.type === 'array'
  if (operation !== 'update' || overrideAccess || comparable(value, isList) === comparable(previousValue, isList)) {
    return value
  }
  if (await platformControlled({ req, data, doc: originalDoc, siblingData })) {
    return value
  }
  throw new APIError(`Only the platform's operators can change "${field.name}".`, 403)
}
