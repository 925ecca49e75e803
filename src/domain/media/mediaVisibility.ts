import type { PayloadRequest } from 'payload'

import { COURSES, MEDIA, TENANTS } from '@/shared/slugs'
import { referenceId } from '@/shared/referenceId'
import { readingIn } from '@/services/database/transactions'
import { referencesIn } from '@/domain/tenancy/references'

/** Media the given values name: upload fields (an ID or the populated file) and rich-text upload nodes. */
export const mediaNamedBy = (...values: unknown[]): number[] =>
  values.flatMap((value) => {
    const upload = referenceId(value)
    if (upload !== null) {
      return [upload]
    }
    return referencesIn(value, undefined).flatMap((r) => (r.relationTo === MEDIA && r.id !== null ? [r.id] : []))
  })

/**
 * The files a school shows to everyone: its logo, and the covers and description images of
 * its published, non-archived courses (the catalog shows them to visitors).
 */
const publicFilesOf = async (req: PayloadRequest, tenant: number): Promise<Set<number>> => {
  const [school, courses] = await Promise.all([
    req.payload.findByID({ collection: TENANTS, id: tenant, depth: 0, select: { branding: true }, overrideAccess: true, disableErrors: true, req }),
    req.payload.find({
      collection: COURSES,
      where: { and: [{ tenant: { equals: tenant } }, { _status: { equals: 'published' } }, { archived: { not_equals: true } }] },
      select: { cover: true, description: true },
      locale: 'all',
      pagination: false,
      depth: 0,
      overrideAccess: true,
      req: await readingIn(req, 'all'),
    }),
  ])
  return new Set([...mediaNamedBy(school?.branding?.logo), ...courses.docs.flatMap((course) => mediaNamedBy(course.cover, course.description))])
}

/**
 * Makes the `public` flag of these files say whether something public uses them. Anyone reads
 * a public file; anything else only those who may read where it is used (media read access).
 * Called whenever a logo, a cover, a description or a course's publication changes.
 */
export const refreshMediaVisibility = async ({ req, ids }: { req: PayloadRequest; ids: number[] }): Promise<void> => {
  const unique = [...new Set(ids)]
  if (unique.length === 0) {
    return
  }
  const files = await req.payload.find({ collection: MEDIA, where: { id: { in: unique } }, select: { public: true, tenant: true }, pagination: false, depth: 0, overrideAccess: true, req })
  const byTenant = new Map<number, Set<number>>()
  for (const file of files.docs) {
    const tenant = referenceId(file.tenant)
    if (tenant === null) {
      continue
    }
    const shown = byTenant.get(tenant) ?? (await publicFilesOf(req, tenant))
    byTenant.set(tenant, shown)
    if (Boolean(file.public) !== shown.has(file.id)) {
      await req.payload.update({ collection: MEDIA, id: file.id, data: { public: shown.has(file.id) }, depth: 0, overrideAccess: true, req })
    }
  }
}
