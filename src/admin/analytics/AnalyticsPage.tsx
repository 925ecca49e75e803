import type { AdminViewServerProps } from 'payload'

import { Gutter } from '@payloadcms/ui'
import React from 'react'

import { AdminFrame, requireSignedIn } from '@/admin/AdminFrame'

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
  const { permissions, req } = initPageResult
  const { admin, routes } = req.payload.config
  requireSignedIn(req, path)
  // Users' `access.admin` is the staff rule: super-admins, tenant-admins and instructors.
  if (!permissions.canAccessAdmin) {
    return <NotAllowed adminRoute={routes.admin} logoutRoute={admin.routes.logout} strings={analyticsStrings(req.i18n.language)} />
  }
  return (
    <AdminFrame initPageResult={initPageResult} params={params} searchParams={searchParams}>
      <Gutter className="analytics">{children}</Gutter>
    </AdminFrame>
  )
}
