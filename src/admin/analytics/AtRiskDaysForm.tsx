import { Button } from '@payloadcms/ui'
import React from 'react'

import type { AnalyticsStrings } from './strings'

type Props = { action: string; value: string; invalid: boolean; strings: AnalyticsStrings }

/** "At risk after N days": a plain GET form, so the page stays a server page with a shareable URL. */
export const AtRiskDaysForm: React.FC<Props> = ({ action, value, invalid, strings }) => (
  <form action={action} className="analytics__days" method="get">
    <div className="field-type number">
      <label className="field-label" htmlFor="at-risk-days">
        {strings.atRiskAfter}
      </label>
      <input aria-invalid={invalid || undefined} defaultValue={value} id="at-risk-days" max={365} min={1} name="atRiskDays" required step={1} type="number" />
    </div>
    <Button buttonStyle="secondary" margin={false} size="large" type="submit">
      {strings.show}
    </Button>
    {invalid ? (
      <p className="analytics__error" role="alert">
        {strings.badDays}
      </p>
    ) : null}
  </form>
)
