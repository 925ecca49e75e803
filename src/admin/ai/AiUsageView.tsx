import type { AdminViewServerProps } from 'payload'

import type { SchoolUsage, UsageReport } from '@/domain/ai/usageReport'

import { Button, Gutter, SetStepNav } from '@payloadcms/ui'
import React from 'react'

import { AdminFrame, firstParam, requireSignedIn } from '@/admin/AdminFrame'

import { NotAllowed } from '@/admin/analytics/NotAllowed'
import { aiUsageReport, parseUsageMonth } from '@/domain/ai/usageReport'
import { DomainError } from '@/shared/domainError'
import { selectedTenant } from '@/tenancy/selectedTenant'

import { AI_USAGE_PATH, aiUsageURL } from './paths'
import { type AiAdminStrings, aiStrings } from './strings'
import '@/admin/payments/payments.css'

/**
 * `/admin/ai-usage?month=YYYY-MM`: a month of AI usage (src/domain/ai/usageReport.ts, as
 * `GET /api/ai-usage/report` answers it) of the schools the signed-in admin administers, or the
 * school picked in the tenant selector: each budget and what is left, features, days, people.
 */
export const AiUsageView = async ({ initPageResult, params, searchParams }: AdminViewServerProps) => {
  const { permissions, req } = initPageResult
  const { admin, routes } = req.payload.config
  const strings = aiStrings(req.i18n.language)
  requireSignedIn(req, AI_USAGE_PATH)
  if (!permissions.canAccessAdmin) {
    return <NotAllowed adminRoute={routes.admin} logoutRoute={admin.routes.logout} strings={strings} />
  }
  let month = new Date().toISOString().slice(0, 7)
  let report: UsageReport | undefined
  let problem: string | undefined
  try {
    month = parseUsageMonth(firstParam(searchParams?.month))
    report = await aiUsageReport({ req, month, tenant: selectedTenant(req) })
  } catch (error) {
    if (!(error instanceof DomainError)) {
      throw error
    }
    problem = error.kind === 'forbidden' ? strings.notAllowedText : error.message
  }
  const count = new Intl.NumberFormat(req.i18n.language === 'ar' ? 'ar-u-nu-latn' : req.i18n.language)
  return (
    <AdminFrame initPageResult={initPageResult} params={params} searchParams={searchParams}>
      <Gutter className="revenue ai-usage">
        <SetStepNav nav={[{ label: strings.nav }]} />
        <h1>{strings.title}</h1>
        <p className="revenue__intro">{strings.intro}</p>
        <form action={aiUsageURL(routes.admin)} className="revenue__range" method="get">
          <div className="field-type text">
            <label className="field-label" htmlFor="ai-usage-month">
              {strings.month}
            </label>
            <input defaultValue={firstParam(searchParams?.month) ?? month} id="ai-usage-month" name="month" placeholder="YYYY-MM" required type="month" />
          </div>
          <Button buttonStyle="secondary" id="ai-usage-show" margin={false} size="large" type="submit">
            {strings.show}
          </Button>
        </form>
        {problem ? (
          <p className="revenue__error" role="alert">
            {problem}
          </p>
        ) : null}
        {report && report.schools.length === 0 ? <p className="revenue__empty">{strings.empty}</p> : null}
        {report?.schools.map((school) => <SchoolTables count={count} key={school.school.id} school={school} strings={strings} />)}
      </Gutter>
    </AdminFrame>
  )
}

const Number_: React.FC<{ value: number | null; count: Intl.NumberFormat; none: string }> = ({ value, count, none }) => <td className="revenue__number">{value === null ? none : count.format(value)}</td>

const SchoolTables: React.FC<{ school: SchoolUsage; strings: AiAdminStrings; count: Intl.NumberFormat }> = ({ school, strings, count }) => (
  <section className="ai-usage__school" id={`ai-usage-school-${school.school.id}`}>
    <h2>{school.school.name}</h2>
    <div className="table">
      <table className="ai-usage__budgets">
        <thead>
          <tr>
            <th scope="col">{strings.feature}</th>
            <th scope="col">{strings.budget}</th>
            <th scope="col">{strings.spent}</th>
            <th scope="col">{strings.remaining}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{strings.school}</th>
            <Number_ count={count} none={strings.noLimit} value={school.budget.limit} />
            <Number_ count={count} none="" value={school.budget.spent} />
            <Number_ count={count} none={strings.noLimit} value={school.budget.remaining} />
          </tr>
          {school.features.map((f) => (
            <tr key={f.feature}>
              <th scope="row">{strings.features[f.feature] ?? f.feature}</th>
              <Number_ count={count} none={strings.noLimit} value={f.limit} />
              <Number_ count={count} none="" value={f.spent} />
              <Number_ count={count} none={strings.noLimit} value={f.limit === null ? null : Math.max(0, f.limit - f.spent)} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    <h3>{strings.byDay}</h3>
    <div className="table">
      <table className="ai-usage__days">
        <thead>
          <tr>
            <th scope="col">{strings.day}</th>
            <th scope="col">{strings.calls}</th>
            <th scope="col">{strings.tokens}</th>
          </tr>
        </thead>
        <tbody>
          {school.days.map((d) => (
            <tr key={d.day}>
              <td>{d.day}</td>
              <Number_ count={count} none="" value={d.calls} />
              <Number_ count={count} none="" value={d.tokens} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    <h3>{strings.byPerson}</h3>
    <div className="table">
      <table className="ai-usage__people">
        <thead>
          <tr>
            <th scope="col">{strings.person}</th>
            <th scope="col">{strings.calls}</th>
            <th scope="col">{strings.tokens}</th>
            <th scope="col">{strings.thinking}</th>
          </tr>
        </thead>
        <tbody>
          {school.people.map((p) => (
            <tr key={p.person?.id ?? 'system'}>
              <td>{p.person ? `${p.person.name ?? ''} <${p.person.email ?? p.person.id}>` : strings.system}</td>
              <Number_ count={count} none="" value={p.calls} />
              <Number_ count={count} none="" value={p.tokens} />
              <Number_ count={count} none="" value={p.thinkingTokens} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
    <h3>{strings.outcomes}</h3>
    <ul className="ai-usage__outcomes">
      {Object.entries(school.outcomes).map(([outcome, calls]) => (
        <li key={outcome}>
          {strings.outcome(outcome)}: {count.format(calls)}
        </li>
      ))}
    </ul>
  </section>
)
