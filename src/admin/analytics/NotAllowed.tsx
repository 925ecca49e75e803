import { MinimalTemplate } from '@payloadcms/next/templates'
import { Button } from '@payloadcms/ui'
import { formatAdminURL } from 'payload/shared'
import React from 'react'

import type { AnalyticsStrings } from './strings'

type Props = { adminRoute: string; logoutRoute: `/${string}`; strings: AnalyticsStrings }

/** What someone without staff rights sees instead of analytics: the refusal and a way out. */
export const NotAllowed: React.FC<Props> = ({ adminRoute, logoutRoute, strings }) => (
  <MinimalTemplate className="analytics-not-allowed">
    <h1>{strings.notAllowed}</h1>
    <p role="alert">{strings.notAllowedText}</p>
    <Button el="link" size="large" to={formatAdminURL({ adminRoute, path: logoutRoute })}>
      {strings.logOut}
    </Button>
  </MinimalTemplate>
)
