import type { AdminViewServerProps, PayloadRequest } from 'payload'

import { DefaultTemplate } from '@payloadcms/next/templates'
import { redirect } from 'next/navigation'
import { formatAdminURL } from 'payload/shared'
import React from 'react'

type FrameProps = Pick<AdminViewServerProps, 'initPageResult' | 'params' | 'searchParams'> & { children: React.ReactNode }

/** Payload's admin frame (navigation, header, the tenant selector) around one of our own views. */
export const AdminFrame: React.FC<FrameProps> = ({ initPageResult, params, searchParams, children }) => {
  const { permissions, req, locale, visibleEntities } = initPageResult
  return (
    <DefaultTemplate
      i18n={req.i18n}
      locale={locale}
      params={params}
      payload={req.payload}
      permissions={permissions}
      req={req}
      searchParams={searchParams}
      user={req.user ?? undefined}
      // A copy: React 19 refuses the frozen original here, as Payload's own RootPage notes.
      visibleEntities={{ collections: visibleEntities.collections, globals: visibleEntities.globals }}
    >
      {children}
    </DefaultTemplate>
  )
}

/**
 * Payload lets custom views through without its login check: a visitor who is not signed in is
 * sent to the login page, and back to `path` after it.
 */
export const requireSignedIn = (req: PayloadRequest, path: `/${string}`): void => {
  if (!req.user) {
    const { admin, routes } = req.payload.config
    const back = formatAdminURL({ adminRoute: routes.admin, path })
    redirect(`${formatAdminURL({ adminRoute: routes.admin, path: admin.routes.login })}?redirect=${encodeURIComponent(back)}`)
  }
}

/** A query parameter's first value. */
export const firstParam = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value)
