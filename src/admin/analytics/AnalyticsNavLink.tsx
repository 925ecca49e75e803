import type { ServerProps } from 'payload'

import React from 'react'

import { NavLink } from './NavLink'
import { analyticsURL } from './paths'
import { analyticsStrings } from './strings'

/** "Analytics" in the admin nav, for staff (users' `access.admin`), in the panel's language. */
export const AnalyticsNavLink: React.FC<ServerProps> = ({ i18n, payload, permissions }) => {
  if (!permissions?.canAccessAdmin) {
    return null
  }
  const strings = analyticsStrings(i18n.language)
  return <NavLink group={strings.navGroup} href={analyticsURL(payload.config.routes.admin)} id="nav-analytics" label={strings.nav} />
}
