import type { PayloadRequest } from 'payload'

import { tenantsWhereUserIs } from './memberships'

import { COURSES } from '@/collections/slugs'

/** Tenants where the requester is staff: tenant-admin or instructor. */
export const staffTenants = (req: PayloadRequest): Promise<number[]> => tenantsWhereUserIs(req, ['tenant-admin', 'instructor'])

/** Tenants where the requester is tenant-admin. */
export const adminTenants = (req: PayloadRequest): Promise<number[]> => tenantsWhereUserIs(req, ['tenant-admin'])

/**
 * IDs of the courses the requester teaches, in tenants where they are still an
 * instructor. Cached on the request: access rules ask for it many times.
 */
export const coursesTaught = async (req: PayloadRequest): Promise<number[]> => {
  const cached = req.context.coursesTaught as number[] | undefined
  if (cached) {
    return cached
  }
  const tenants = await tenantsWhereUserIs(req, ['instructor'])
  let ids: number[] = []
  if (req.user && tenants.length > 0) {
    const found = await req.payload.find({
      collection: COURSES,
      where: { and: [{ instructors: { contains: req.user.id } }, { tenant: { in: tenants } }] },
      pagination: false,
      depth: 0,
      select: {},
      overrideAccess: true,
      req,
    })
    ids = found.docs.map((doc) => doc.id)
  }
  req.context.coursesTaught = ids
  return ids
}
