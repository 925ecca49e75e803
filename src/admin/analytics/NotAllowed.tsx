import { MinimalTemplate } from '@payloadcms/next/templates'
import { Button } from '@payloadcms/ui'
import { formatAdminURL } from 'payload/shared'
import React from 'react'

import type { AnalyticsStrings } from './strings'

// Only the refusal's words: the revenue view refuses with its own.
type Props = { adminRoute: string; logoutRoute: `/${string}`; strings: Pick<AnalyticsStrings, 'notAllowed' | 'notAllowedText' | 'logOut'> }

/** What someone without the right to a staff page (analytics, revenue) sees instead: the refusal and a way out. */
export const NotAllowed: React.FC<Props> = ({ adminRoute, logoutRoute, strings }) => (
  <MinimalTemplate className="analytics-not-allowed">
    <h1>{strings.notAllowed}</h1>
    <p role="alert">{strings.notAllowedText}</p>
    <Button el="link" size="large" to={formatAdminURL({ adminRoute, path: logoutRoute })}>
      {strings.logOut}
    </Button>
  </MinimalTemplate>
)
