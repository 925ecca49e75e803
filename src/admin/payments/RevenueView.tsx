import type { AdminViewServerProps, PayloadRequest } from 'payload'

import type { MonthRange, RevenueReport } from '@/domain/payments/revenue'

import { Button, Gutter, SetStepNav } from '@payloadcms/ui'
import React from 'react'

import { AdminFrame, firstParam, requireSignedIn } from '@/admin/AdminFrame'

import { NotAllowed } from '@/admin/analytics/NotAllowed'
import { parseMonthRange, revenueReport, revenueSchools } from '@/domain/payments/revenue'
import { DomainError } from '@/shared/domainError'
import { selectedTenant } from '@/tenancy/selectedTenant'

import { REVENUE_PATH, revenueURL } from './paths'
import { RevenueTables } from './RevenueTables'
import { type PaymentsAdminStrings, paymentsStrings } from './strings'
import './payments.css'

/** The report, or why the requester may not see it, in the panel's language. */
const load = async ({ req, range, strings }: { req: PayloadRequest; range: MonthRange; strings: PaymentsAdminStrings }): Promise<{ report?: RevenueReport; refused?: string }> => {
  const tenant = selectedTenant(req)
  try {
    return { report: await revenueReport({ req, range, tenant }) }
  } catch (error) {
    if (!(error instanceof DomainError && error.kind === 'forbidden')) {
      throw error
    }
    // An admin of some school who picked another one in the tenant selector is told to pick theirs.
    const administersOthers = tenant !== undefined && (await revenueSchools(req).then(() => true, () => false))
    return { refused: administersOthers ? strings.notYourSchool : strings.notAllowedText }
  }
}

/**
 * `/admin/revenue?from=YYYY-MM&to=YYYY-MM`: the revenue report (src/domain/payments/revenue.ts, as
 * `GET /api/orders/revenue` answers it) of the schools the signed-in admin administers, or of the
 * school picked in the tenant selector. Payload lets custom views through without its own
 * admin-access check, so it is made here, as on the analytics pages.
 */
export const RevenueView = async ({ initPageResult, params, searchParams }: AdminViewServerProps) => {
  const { permissions, req } = initPageResult
  const { admin, routes } = req.payload.config
  const strings = paymentsStrings(req.i18n.language)
  requireSignedIn(req, REVENUE_PATH)
  // Users' `access.admin` is the staff rule; people outside it (students) have no panel to stay in.
  if (!permissions.canAccessAdmin) {
    return <NotAllowed adminRoute={routes.admin} logoutRoute={admin.routes.logout} strings={strings} />
  }
  const asked = { from: firstParam(searchParams?.from), to: firstParam(searchParams?.to) }
  let range: MonthRange
  let invalid: string | undefined
  try {
    range = parseMonthRange(asked)
  } catch (error) {
    if (!(error instanceof DomainError)) {
      throw error
    }
    // The form keeps what was typed and says what is wrong; the table shows the default months meanwhile.
    invalid = error.message
    range = parseMonthRange({})
  }
  const loaded = await load({ req, range, strings })
  return (
    <AdminFrame initPageResult={initPageResult} params={params} searchParams={searchParams}>
      <Gutter className="revenue">
        <SetStepNav nav={[{ label: strings.nav }]} />
        {loaded.report ? (
          <>
            <h1>{strings.title}</h1>
            <p className="revenue__intro">{strings.intro}</p>
            <form action={revenueURL(routes.admin)} className="revenue__range" method="get">
              <MonthField defaultValue={asked.from ?? range.from} label={strings.from} name="from" />
              <MonthField defaultValue={asked.to ?? range.to} label={strings.to} name="to" />
              <Button buttonStyle="secondary" id="revenue-show" margin={false} size="large" type="submit">
                {strings.show}
              </Button>
            </form>
            {invalid ? (
              <p className="revenue__error" role="alert">
                {invalid}
              </p>
            ) : null}
            <RevenueTables adminRoute={routes.admin} language={req.i18n.language} report={loaded.report} strings={strings} />
          </>
        ) : (
          // Staff who may not see revenue (instructors; the admin of another school than the one selected) stay in the panel.
          <>
            <h1>{strings.notAllowed}</h1>
            <p className="revenue__error" role="alert">
              {loaded.refused ?? strings.notAllowedText}
            </p>
          </>
        )}
      </Gutter>
    </AdminFrame>
  )
}

/** A month picker; browsers without one take the same YYYY-MM text. */
const MonthField: React.FC<{ name: 'from' | 'to'; label: string; defaultValue: string }> = ({ name, label, defaultValue }) => (
  <div className="field-type text">
    <label className="field-label" htmlFor={`revenue-${name}`}>
      {label}
    </label>
    <input defaultValue={defaultValue} id={`revenue-${name}`} name={name} pattern="\d{4}-\d{2}" placeholder="YYYY-MM" required type="month" />
  </div>
)
