import type { Access } from 'payload'

import { anyOf } from '@/shared/anyOf'
import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { adminTenants } from '@/domain/identity/staff'

/**
 * Money records (orders, payments, invoices): the person they are about reads their own, the
 * school's admins read the school's. Instructors do not: what a student paid is not theirs to see.
 */
export const ownerOrSchoolAdmins =
  (ownerField: string): Access =>
  async ({ req }) => {
    if (isSuperAdmin(req.user)) {
      return true
    }
    if (req.user?.collection !== 'users') {
      return false
    }
    const admin = await adminTenants(req)
    return anyOf([{ [ownerField]: { equals: req.user.id } }, ...(admin.length > 0 ? [{ tenant: { in: admin } }] : [])])
  }
