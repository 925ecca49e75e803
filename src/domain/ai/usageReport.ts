import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { reportSchools } from '@/domain/identity/staff'
import { sqlList } from '@/services/database/adapter'
import { sqlHandle } from '@/services/database/transactions'
import { invalid } from '@/shared/domainError'

import { AI_FEATURES, type AiFeature } from './features'
import { limitsOf } from './limits'

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/

/** `"month"` as `YYYY-MM`; this month (UTC) when not given. */
export const parseUsageMonth = (value: unknown, now = new Date()): string => {
  if (value === undefined || value === '') {
    return now.toISOString().slice(0, 7)
  }
  const match = typeof value === 'string' ? MONTH.exec(value) : null
  if (!match || Number(match[1]) < 2000 || Number(match[1]) > 2999) {
    throw invalid('"month" must be a month written YYYY-MM, like 2026-12.')
  }
  return value as string
}

/** The schools whose AI usage the requester may see: their schools as admin, any (or the one asked for) as super-admin. */
export const usageSchools = (req: PayloadRequest, tenant?: number): Promise<number[] | 'all'> =>
  reportSchools(req, tenant, { noSchool: "AI usage is for the school's admins.", otherSchool: 'You may see only the AI usage of the schools you administer.' })

export type SchoolUsage = {
  school: { id: number; name: string }
  /** The school's month: its budget (null: none), what it has spent and holds reserved, and what is left. */
  budget: { limit: number | null; spent: number; remaining: number | null }
  features: { feature: AiFeature; limit: number | null; spent: number }[]
  days: { day: string; calls: number; tokens: number }[]
  people: { person: { id: number; name: string | null; email: string | null } | null; calls: number; tokens: number; thinkingTokens: number }[]
  outcomes: Record<string, number>
}

export type UsageReport = { month: string; schools: SchoolUsage[] }

type DayRow = { school: number; day: string; calls: number; tokens: string }
type PersonRow = { school: number; person: number | null; name: string | null; email: string | null; calls: number; tokens: string; thinking: string }
type OutcomeRow = { school: number; outcome: string | null; status: string; calls: number }
type CounterRow = { school: number; scope: string; key: string; spent: string }

/**
 * A month of AI usage per school, from the ledger and the budget counters: the school's budget
 * and what is left, each feature's spending, tokens per day, the people who used the most, and
 * how calls ended. Reserved tokens of calls still running count as spent, as the budget counts them.
 */
export const aiUsageReport = async ({ req, month, tenant }: { req: PayloadRequest; month: string; tenant?: number }): Promise<UsageReport> => {
  const schools = await usageSchools(req, tenant)
  const db = await sqlHandle(req)
  const start = `${month}-01T00:00:00Z`
  const next = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1)).toISOString()
  const inScope = (column: string) => (schools === 'all' ? sql`true` : sql`${sql.raw(column)} = any(${sqlList(schools)}::int[])`)
  const inMonth = sql`u.created_at >= ${start}::timestamptz and u.created_at < ${next}::timestamptz`
  const names = await db.execute<{ id: number; name: string }>(sql`
    select t.id, t.name from tenants t
    where ${inScope('t.id')} and (exists (select 1 from ai_usage u where u.tenant_id = t.id and ${inMonth}) or ${schools !== 'all'})
    order by t.name, t.id`)
  const days = await db.execute<DayRow>(sql`
    select u.tenant_id as school, to_char(u.created_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*)::int as calls,
      coalesce(sum(case when u.status = 'reserved' then u.reserved_tokens else u.total_tokens end), 0)::text as tokens
    from ai_usage u where ${inScope('u.tenant_id')} and ${inMonth}
    group by school, day order by day`)
  const people = await db.execute<PersonRow>(sql`
    select * from (
      select u.tenant_id as school, u.person_id as person, p.name, p.email, count(*)::int as calls,
        coalesce(sum(case when u.status = 'reserved' then u.reserved_tokens else u.total_tokens end), 0)::text as tokens,
        coalesce(sum(u.thinking_tokens), 0)::text as thinking,
        row_number() over (partition by u.tenant_id order by coalesce(sum(case when u.status = 'reserved' then u.reserved_tokens else u.total_tokens end), 0) desc, u.person_id nulls last) as rank
      from ai_usage u left join users p on p.id = u.person_id
      where ${inScope('u.tenant_id')} and ${inMonth}
      group by u.tenant_id, u.person_id, p.name, p.email) ranked
    where rank <= 50 order by school, rank`)
  const outcomes = await db.execute<OutcomeRow>(sql`
    select u.tenant_id as school, u.outcome, u.status, count(*)::int as calls
    from ai_usage u where ${inScope('u.tenant_id')} and ${inMonth}
    group by school, u.outcome, u.status`)
  const counters = await db.execute<CounterRow>(sql`
    select c.tenant_id as school, c.scope, c.key, c.spent::text as spent from ai_budget_counters c
    where ${inScope('c.tenant_id')} and c.period = ${month} and c.scope in ('school', 'feature')`)
  const report: SchoolUsage[] = []
  for (const school of names.rows) {
    const spentOf = (scope: string, key: string) => Number(counters.rows.find((c) => c.school === school.id && c.scope === scope && c.key === key)?.spent ?? 0)
    const school_limits = await Promise.all(AI_FEATURES.map((feature) => limitsOf(req, school.id, feature)))
    const limit = school_limits[0]!.monthlyTokens
    const spent = spentOf('school', '')
    report.push({
      school,
      budget: { limit, spent, remaining: limit === null ? null : Math.max(0, limit - spent) },
      features: AI_FEATURES.map((feature, i) => ({ feature, limit: school_limits[i]!.featureMonthlyTokens, spent: spentOf('feature', feature) })),
      days: days.rows.filter((d) => d.school === school.id).map((d) => ({ day: d.day, calls: d.calls, tokens: Number(d.tokens) })),
      people: people.rows
        .filter((p) => p.school === school.id)
        .map((p) => ({ person: p.person === null ? null : { id: p.person, name: p.name, email: p.email }, calls: p.calls, tokens: Number(p.tokens), thinkingTokens: Number(p.thinking) })),
      outcomes: Object.fromEntries(outcomes.rows.filter((o) => o.school === school.id).map((o) => [o.outcome ?? o.status, o.calls])),
    })
  }
  return { month, schools: report }
}
