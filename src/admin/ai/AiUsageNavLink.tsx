import type { ServerProps } from 'payload'

import { createLocalReq } from 'payload'
import React from 'react'

import { NavLink } from '@/admin/analytics/NavLink'
import { usageSchools } from '@/domain/ai/usageReport'

import { aiUsageURL } from './paths'
import { aiStrings } from './strings'

/** "AI usage" in the admin nav, for those the view lets in: super-admins and school admins. */
export const AiUsageNavLink = async ({ i18n, payload, permissions, user }: ServerProps) => {
  if (!permissions?.canAccessAdmin || !user) {
    return null
  }
  const req = await createLocalReq({ user }, payload)
  if (!(await usageSchools(req).then(() => true, () => false))) {
    return null
  }
  const strings = aiStrings(i18n.language)
  return <NavLink group={strings.navGroup} href={aiUsageURL(payload.config.routes.admin)} id="nav-ai-usage-report" label={strings.nav} />
}
