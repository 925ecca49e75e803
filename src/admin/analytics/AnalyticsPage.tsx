import type { AdminViewServerProps } from 'payload'

import { DefaultTemplate } from '@payloadcms/next/templates'
import { Gutter } from '@payloadcms/ui'
import { redirect } from 'next/navigation'
import { formatAdminURL } from 'payload/shared'
import React from 'react'

import { NotAllowed } from './NotAllowed'
import { analyticsStrings } from './strings'
import './analytics.css'

type Props = Pick<AdminViewServerProps, 'initPageResult' | 'params' | 'searchParams'> & {
  /** The path to come back to after signing in. */
  path: `/${string}`
  children: React.ReactNode
}

/**
 * The frame of the analytics pages. Payload lets custom views through without its own
 * admin-access check, so it is made here: anonymous visitors go to the login, people
 * without staff rights (students) get a refusal and no data, staff get the panel.
 */
export const AnalyticsPage: React.FC<Props> = ({ initPageResult, params, searchParams, path, children }) => {
  const { permissions, req, locale, visibleEntities } = initPageResult
  const { admin, routes } = req.payload.config
  if (!req.user) {
    const back = formatAdminURL({ adminRoute: routes.admin, path })
    redirect(`${formatAdminURL({ adminRoute: routes.admin, path: admin.routes.login })}?redirect=${encodeURIComponent(back)}`)
  }
  // Users' `access.admin` is the staff rule: super-admins, tenant-admins and instructors.
  if (!permissions.canAccessAdmin) {
    return <NotAllowed adminRoute={routes.admin} logoutRoute={admin.routes.logout} strings={analyticsStrings(req.i18n.language)} />
  }
  return (
    <DefaultTemplate
      i18n={req.i18n}
      locale={locale}
      params={params}
      payload={req.payload}
      permissions={permissions}
      req={req}
      searchParams={searchParams}
      user={req.user}
      // A copy: React 19 refuses the frozen original here, as Payload's own RootPage notes.
      visibleEntities={{ collections: visibleEntities.collections, globals: visibleEntities.globals }}
    >
      <Gutter className="analytics">{children}</Gutter>
    </DefaultTemplate>
  )
}
