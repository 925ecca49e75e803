import type { PayloadRequest } from 'payload'

import type { TenantRole } from './roles'

import { suspendedTenantIds } from '@/tenancy/tenantStatus'

type Row = { tenant?: number | { id: number } | null; roles?: string[] | null }
type UserLike = { tenants?: Row[] | null } | null | undefined

export type Membership = { tenantId: number; roles: TenantRole[] }

const idOf = (value: Row['tenant']): number | undefined =>
  typeof value === 'object' && value !== null ? value.id : (value ?? undefined)

/** Every membership a user document lists, suspended tenants included. */
export const listMemberships = (user: UserLike): Membership[] =>
  (user?.tenants ?? []).flatMap((row) => {
    const tenantId = idOf(row.tenant)
    return tenantId === undefined ? [] : [{ tenantId, roles: (row.roles ?? []) as TenantRole[] }]
  })

/**
 * The requesting user's memberships in tenants that are not suspended: a suspended
 * tenant grants its members nothing. Cached on the request.
 */
export const activeMemberships = async (req: PayloadRequest): Promise<Membership[]> => {
  const cached = req.context.activeMemberships as Membership[] | undefined
  if (cached) {
    return cached
  }
  const suspended = await suspendedTenantIds(req.payload)
  const active = listMemberships(req.user as UserLike).filter((m) => !suspended.has(m.tenantId))
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
