import type { PayloadRequest } from 'payload'

import { Link, SetStepNav } from '@payloadcms/ui'
import React from 'react'

import { analyticsOverview } from '@/domain/analytics/analyticsOverview'
import { DEFAULT_AT_RISK_DAYS } from '@/domain/analytics/atRiskDays'
import { selectedTenant } from '@/tenancy/selectedTenant'

import { formatters } from './format'
import { OVERVIEW_METRICS } from './metrics'
import { analyticsURL } from './paths'
import { analyticsStrings } from './strings'

/** `/admin/analytics`: every course the signed-in staff member looks after, with its figures. */
export const Overview = async ({ req, page }: { req: PayloadRequest; page: number }) => {
  const strings = analyticsStrings(req.i18n.language)
  const format = formatters(req.i18n.language)
  const adminRoute = req.payload.config.routes.admin
  const overview = await analyticsOverview({ req, atRiskDays: DEFAULT_AT_RISK_DAYS, tenant: selectedTenant(req), page })
  const pageLink = (to: number) => `${analyticsURL(adminRoute)}?page=${to}`
  return (
    <>
      <SetStepNav nav={[{ label: strings.nav }]} />
      <h1>{strings.title}</h1>
      <p className="analytics__intro">{strings.intro}</p>
      {overview.courses.length === 0 ? (
        <p className="analytics__empty">{strings.noCourses}</p>
      ) : (
        <div className="table">
          <table>
            <thead>
              <tr>
                <th scope="col">{strings.course}</th>
                {OVERVIEW_METRICS.map((metric) => (
                  <th className="analytics__number" key={metric.key} scope="col">
                    {metric.label(strings)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {overview.courses.map((analytics) => (
                <tr data-course={analytics.course.id} key={analytics.course.id}>
                  <th scope="row">
                    <Link href={analyticsURL(adminRoute, analytics.course.id)} prefetch={false}>
                      {analytics.course.title}
                    </Link>
                  </th>
                  {OVERVIEW_METRICS.map((metric) => (
                    <td className="analytics__number" data-testid={`metric-${metric.key}`} key={metric.key}>
                      {metric.value(analytics, format)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {overview.totalPages > 1 ? (
        <nav className="analytics__pages">
          {overview.page > 1 ? <Link href={pageLink(overview.page - 1)}>{strings.previous}</Link> : null}
          <span>{strings.page(overview.page, overview.totalPages)}</span>
          {overview.page < overview.totalPages ? <Link href={pageLink(overview.page + 1)}>{strings.next}</Link> : null}
        </nav>
      ) : null}
    </>
  )
}
