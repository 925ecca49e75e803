import type { PayloadRequest } from 'payload'

import type { TenantRole } from './roles'

import { suspendedTenantIds } from '@/domain/tenancy/tenantStatus'
import { relationId } from '@/shared/relationId'

declare module 'payload' {
  interface RequestContext {
    /** The requester's usable memberships, read once per request. */
    activeMemberships?: Membership[]
  }
}

type Row = { tenant?: number | { id: number } | null; roles?: string[] | null; suspended?: boolean | null }
type UserLike = { tenants?: Row[] | null } | null | undefined

export type Membership = { tenantId: number; roles: TenantRole[]; suspended: boolean }

/** Every membership a user document lists, suspended tenants included. */
export const listMemberships = (user: UserLike): Membership[] =>
  (user?.tenants ?? []).flatMap((row) => {
    const tenantId = relationId(row.tenant)
    return tenantId === undefined
      ? []
      : [{ tenantId, roles: (row.roles ?? []) as TenantRole[], suspended: row.suspended === true }]
  })

/** What a membership grants, for telling whether it changed: its roles and whether it is suspended. */
export const membershipKey = (m: Membership): string => `${[...m.roles].sort().join(',')}${m.suspended ? ':suspended' : ''}`

/** Memberships that grant something: neither the membership nor its tenant is suspended. */
export const usableMemberships = (memberships: Membership[], suspendedTenants: Set<number>): Membership[] =>
  memberships.filter((m) => !m.suspended && !suspendedTenants.has(m.tenantId))

/**
 * The requesting user's usable memberships: a suspended membership, or any membership
 * of a suspended tenant, grants nothing. Cached on the request.
 */
export const activeMemberships = async (req: PayloadRequest): Promise<Membership[]> => {
  const cached = req.context.activeMemberships
  if (cached) {
    return cached
  }
  const active = usableMemberships(listMemberships(req.user as UserLike), await suspendedTenantIds(req.payload))
  req.context.activeMemberships = active
  return active
}

/** IDs of active tenants where the requesting user holds one of the roles. */
export const tenantsWhereUserIs = async (
  req: PayloadRequest,
  roles: readonly TenantRole[],
): Promise<number[]> =>
  (await activeMemberships(req))
    .filter((m) => m.roles.some((role) => roles.includes(role)))
    .map((m) => m.tenantId)
