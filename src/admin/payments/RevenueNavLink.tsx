import type { ServerProps } from 'payload'

import { createLocalReq } from 'payload'
import React from 'react'

import { NavLink } from '@/admin/analytics/NavLink'
import { revenueSchools } from '@/domain/payments/revenue'

import { revenueURL } from './paths'
import { paymentsStrings } from './strings'

/**
 * "Revenue" in the admin nav, for those the revenue view lets in (the same `revenueSchools`
 * rule): super-admins and school admins. Payload's nav has no way into a collection group, so
 * the link sits in a group of the same name after the collections.
 */
export const RevenueNavLink = async ({ i18n, payload, permissions, user }: ServerProps) => {
  if (!permissions?.canAccessAdmin || !user) {
    return null
  }
  // Nav slots get no request; a local one carries the user for the rule.
  const req = await createLocalReq({ user }, payload)
  if (!(await revenueSchools(req).then(() => true, () => false))) {
    return null
  }
  const strings = paymentsStrings(i18n.language)
  return <NavLink group={strings.navGroup} href={revenueURL(payload.config.routes.admin)} id="nav-revenue" label={strings.nav} />
}
