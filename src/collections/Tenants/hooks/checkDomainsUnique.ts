import type { CollectionBeforeValidateHook } from 'payload'

import type { Tenant } from '@/payload-types'

import { ValidationError } from 'payload'

import { TENANTS } from '@/shared/slugs'

/**
 * A custom domain may belong to one tenant only. The database's unique index is
 * the last line; this answers with the offending row first.
 */
export const checkDomainsUnique: CollectionBeforeValidateHook<Tenant> = async ({
  data,
  originalDoc,
  req,
}) => {
  const rows = data?.domains ?? []
  const seen = new Set<string>()
  const errors: { path: string; message: string }[] = []
  for (const [i, row] of rows.entries()) {
    const domain = typeof row?.domain === 'string' ? row.domain.trim().toLowerCase() : row?.domain
    if (typeof domain !== 'string') {
      continue
    }
    row.domain = domain
    if (seen.has(domain)) {
      errors.push({ path: `domains.${i}.domain`, message: `"${domain}" is listed twice.` })
      continue
    }
    seen.add(domain)
    const taken = await req.payload.find({
      collection: TENANTS,
      where: {
        and: [
          { 'domains.domain': { equals: domain } },
          ...(originalDoc?.id ? [{ id: { not_equals: originalDoc.id } }] : []),
        ],
      },
      limit: 1,
      pagination: false,
      depth: 0,
      overrideAccess: true,
      req,
    })
    if (taken.docs.length > 0) {
      errors.push({ path: `domains.${i}.domain`, message: `"${domain}" is already used by another school.` })
    }
  }
  if (errors.length > 0) {
    throw new ValidationError({ collection: TENANTS, errors })
  }
  return data
}
