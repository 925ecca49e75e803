import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { reportSchools } from '@/domain/identity/staff'
import { sqlList } from '@/services/database/adapter'
import { sqlHandle } from '@/services/database/transactions'
import { invalid } from '@/shared/domainError'
import { COURSES } from '@/shared/slugs'

/** A calendar month, written `YYYY-MM`. */
export type MonthRange = { from: string; to: string }

/** The longest range one report covers: five years of months. */
export const MAX_REVENUE_MONTHS = 60

/** One course's money in one month and one currency; amounts in the currency's smallest unit. */
export type RevenueRow = {
  school: { id: number; name: string }
  /** Null for orders of no single course (seats). */
  course: { id: number; title: string | null } | null
  month: string
  currency: string
  /** Charges taken in the month. */
  gross: number
  /** Refunds made in the month, whenever the order was paid. */
  refunded: number
  net: number
  /** Orders paid in the month. */
  orders: number
}

export type RevenueTotal = Pick<RevenueRow, 'currency' | 'gross' | 'refunded' | 'net' | 'orders'>

export type RevenueReport = MonthRange & { rows: RevenueRow[]; totals: RevenueTotal[] }

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/
const FIRST_YEAR = 1970
const LAST_YEAR = 2999

/** Months counted from year 0, so ranges are subtractions. */
const monthNumber = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1

const monthText = (n: number): string => `${String(Math.floor(n / 12)).padStart(4, '0')}-${String((n % 12) + 1).padStart(2, '0')}`

const parseMonth = (value: unknown, name: 'from' | 'to'): string | undefined => {
  if (value === undefined || value === '') {
    return undefined
  }
  const match = typeof value === 'string' ? MONTH.exec(value) : null
  const year = match ? Number(match[1]) : 0
  if (!match || year < FIRST_YEAR || year > LAST_YEAR) {
    throw invalid(`"${name}" must be a month written YYYY-MM, like 2026-01 (from ${FIRST_YEAR}-01 to ${LAST_YEAR}-12).`)
  }
  return value as string
}

/**
 * The months a report covers, from `from` to `to` inclusive. Either may be left out: `to`
 * defaults to `now`'s month (UTC), `from` to eleven months before `to` (a year of months).
 */
export const parseMonthRange = ({ from, to }: { from?: unknown; to?: unknown }, now: Date = new Date()): MonthRange => {
  const asked = { from: parseMonth(from, 'from'), to: parseMonth(to, 'to') }
  const last = asked.to ?? now.toISOString().slice(0, 7)
  const first = asked.from ?? monthText(Math.max(monthNumber(last) - 11, FIRST_YEAR * 12))
  const span = monthNumber(last) - monthNumber(first) + 1
  if (span < 1) {
    throw invalid(`"from" (${first}) comes after "to" (${last}).`)
  }
  if (span > MAX_REVENUE_MONTHS) {
    throw invalid(`A report covers at most ${MAX_REVENUE_MONTHS} months; this range has ${span}.`)
  }
  return { from: first, to: last }
}

/** `"tenant"` as a school's id; undefined when not given. */
export const parseSchoolId = (value: unknown): number | undefined => {
  if (value === undefined || value === '') {
    return undefined
  }
  const id = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) {
    throw invalid('"tenant" must be the id of a school.')
  }
  return id
}

/**
 * The schools whose money the requester may see: every school (or the one asked for) for a
 * super-admin, the schools they administer for a school admin, none for anyone else. Teaching a
 * course shows its learners, not its money.
 */
export const revenueSchools = (req: PayloadRequest, tenant?: number): Promise<number[] | 'all'> =>
  reportSchools(req, tenant, { noSchool: "Revenue is for the school's admins.", otherSchool: 'You may see only the revenue of the schools you administer.' })

type Row = { school: number; school_name: string; course: number | null; month: string; currency: string; gross: string; refunded: string; orders: number }

const whole = (text: string): number => {
  const value = Number(text)
  if (!Number.isSafeInteger(value)) {
    throw new Error(`revenue: ${text} is not a whole amount`)
  }
  return value
}

/**
 * Money in and out per school, course, month and currency, from the payments themselves
 * (charges and refunds, each in the month it happened, in the school's own time zone as its
 * invoices are dated). Currencies are never added together: each row and each total is one
 * currency.
 */
export const revenueReport = async ({ req, range, tenant }: { req: PayloadRequest; range: MonthRange; tenant?: number }): Promise<RevenueReport> => {
  const schools = await revenueSchools(req, tenant)
  const inScope = schools === 'all' ? sql`true` : sql`p.tenant_id = any(${sqlList(schools)}::int[])`
  // Local midnights of the first day of `from` and of the month after `to`, as instants per school.
  const start = `${range.from}-01 00:00:00`
  const end = `${monthText(monthNumber(range.to) + 1)}-01 00:00:00`
  const db = await sqlHandle(req)
  const { rows } = await db.execute<Row>(sql`
    select p.tenant_id as school, t.name as school_name, o.course_id as course, p.currency,
      to_char(p.at at time zone t.timezone, 'YYYY-MM') as month,
      coalesce(sum(p.amount) filter (where p.kind = 'charge'), 0)::text as gross,
      coalesce(sum(p.amount) filter (where p.kind = 'refund'), 0)::text as refunded,
      (count(distinct p.order_id) filter (where p.kind = 'charge'))::int as orders
    from payments p
    join orders o on o.id = p.order_id
    join tenants t on t.id = p.tenant_id
    where ${inScope}
      and p.at >= (${start}::timestamp at time zone t.timezone)
      and p.at < (${end}::timestamp at time zone t.timezone)
    group by p.tenant_id, t.name, o.course_id, p.currency, month
    order by month, t.name, p.tenant_id, o.course_id nulls last, p.currency`)
  const titles = await courseTitles(req, [...new Set(rows.flatMap((row) => (row.course === null ? [] : [row.course])))])
  const report = rows.map((row): RevenueRow => {
    const gross = whole(row.gross)
    const refunded = whole(row.refunded)
    return {
      school: { id: row.school, name: row.school_name },
      course: row.course === null ? null : { id: row.course, title: titles.get(row.course) ?? null },
      month: row.month,
      currency: row.currency,
      gross,
      refunded,
      net: gross - refunded,
      orders: row.orders,
    }
  })
  return { ...range, rows: report, totals: totalsByCurrency(report) }
}

const courseTitles = async (req: PayloadRequest, ids: number[]): Promise<Map<number, string>> => {
  if (ids.length === 0) {
    return new Map()
  }
  // The schools were checked above; the titles are read in the requester's language.
  const found = await req.payload.find({ collection: COURSES, where: { id: { in: ids } }, select: { title: true }, depth: 0, pagination: false, overrideAccess: true, req })
  return new Map(found.docs.map((course) => [course.id, course.title]))
}

const totalsByCurrency = (rows: RevenueRow[]): RevenueTotal[] => {
  const totals = new Map<string, RevenueTotal>()
  for (const row of rows) {
    const total = totals.get(row.currency) ?? { currency: row.currency, gross: 0, refunded: 0, net: 0, orders: 0 }
    totals.set(row.currency, { currency: row.currency, gross: total.gross + row.gross, refunded: total.refunded + row.refunded, net: total.net + row.net, orders: total.orders + row.orders })
  }
  return [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency))
}
