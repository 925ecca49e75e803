import type { PayloadRequest } from 'payload'

import type { User } from '@/payload-types'

import { isSuperAdmin } from './isSuperAdmin'
import { listMemberships } from './memberships'
import { adminTenants } from './staff'

type Person = Pick<User, 'id' | 'platformRole' | 'tenants'>

/**
 * Whether the requester may change this person's credentials (password, email, login lock):
 * the person themself, a super-admin, or someone who administers every school the person
 * belongs to. Administering one of their schools is not enough: an admin of one school must
 * not take over someone who also works in another. People of no school are the platform's.
 */
export const mayChangeCredentialsOf = async (req: PayloadRequest, person: Person): Promise<boolean> => {
  if (!req.user || req.user.collection !== 'users') {
    return false
  }
  if (isSuperAdmin(req.user) || req.user.id === person.id) {
    return true
  }
  // An API key acts for a school's systems, not for a person: credentials are people's business.
  if ((req.user as { kind?: string }).kind === 'integration') {
    return false
  }
  const memberships = listMemberships(person)
  if (isSuperAdmin({ ...person, collection: 'users' }) || memberships.length === 0) {
    return false
  }
  const administered = new Set(await adminTenants(req))
  return memberships.every((m) => administered.has(m.tenantId))
}

export const CREDENTIALS_REFUSED =
  "Only the person, a platform operator, or an admin of every school the person belongs to can change their password, email or login lock."
