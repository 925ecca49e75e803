import type { RevenueReport } from '@/domain/payments/revenue'

import { Link } from '@payloadcms/ui'
import { formatAdminURL } from 'payload/shared'
import React from 'react'

import { formatMoney } from '@/domain/payments/money'
import { COURSES } from '@/shared/slugs'

import type { PaymentsAdminStrings } from './strings'

import { moneyLocale } from './strings'

type Props = { report: RevenueReport; strings: PaymentsAdminStrings; language: string; adminRoute: string }

const AMOUNTS = ['gross', 'refunded', 'net'] as const

/**
 * The report as two tables: one row per course, month and currency, then the totals per
 * currency. The school is a column only when the report covers more than one (a super-admin's).
 */
export const RevenueTables: React.FC<Props> = ({ report, strings, language, adminRoute }) => {
  const locale = moneyLocale(language)
  const month = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' })
  const monthName = (value: string) => month.format(new Date(`${value}-01T00:00:00Z`))
  const count = new Intl.NumberFormat(locale)
  const schools = new Set(report.rows.map((row) => row.school.id)).size > 1
  if (report.rows.length === 0) {
    return <p className="revenue__empty">{strings.noRevenue}</p>
  }
  return (
    <>
      <div className="table">
        <table id="revenue-rows">
          <thead>
            <tr>
              <th scope="col">{strings.month}</th>
              {schools ? <th scope="col">{strings.school}</th> : null}
              <th scope="col">{strings.course}</th>
              <th scope="col">{strings.currency}</th>
              {AMOUNTS.map((key) => (
                <th className="revenue__number" key={key} scope="col">
                  {strings[key]}
                </th>
              ))}
              <th className="revenue__number" scope="col">
                {strings.orders}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((row) => (
              <tr data-course={row.course?.id ?? 'none'} data-currency={row.currency} data-month={row.month} key={`${row.month}-${row.school.id}-${row.course?.id ?? 'none'}-${row.currency}`}>
                <td>{monthName(row.month)}</td>
                {schools ? <td>{row.school.name}</td> : null}
                <td>{row.course ? <Link href={formatAdminURL({ adminRoute, path: `/collections/${COURSES}/${row.course.id}` })}>{row.course.title ?? `#${row.course.id}`}</Link> : strings.seats}</td>
                <td>{row.currency}</td>
                {AMOUNTS.map((key) => (
                  <td className="revenue__number" data-testid={`revenue-${key}`} key={key}>
                    {formatMoney(row[key], row.currency, locale)}
                  </td>
                ))}
                <td className="revenue__number" data-testid="revenue-orders">
                  {count.format(row.orders)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{strings.totals}</h2>
      <div className="table">
        <table id="revenue-totals">
          <thead>
            <tr>
              <th scope="col">{strings.currency}</th>
              {AMOUNTS.map((key) => (
                <th className="revenue__number" key={key} scope="col">
                  {strings[key]}
                </th>
              ))}
              <th className="revenue__number" scope="col">
                {strings.orders}
              </th>
            </tr>
          </thead>
          <tbody>
            {report.totals.map((total) => (
              <tr data-currency={total.currency} key={total.currency}>
                <td>{total.currency}</td>
                {AMOUNTS.map((key) => (
                  <td className="revenue__number" data-testid={`revenue-${key}`} key={key}>
                    {formatMoney(total[key], total.currency, locale)}
                  </td>
                ))}
                <td className="revenue__number" data-testid="revenue-orders">
                  {count.format(total.orders)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
