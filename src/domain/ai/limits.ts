import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { sqlHandle } from '@/services/database/transactions'
import { rateLimiter } from '@/services/rateLimit'

import type { Budgets } from './budget'

import { AI_DEFAULTS, type AiFeature } from './features'

export type AiLimits = Budgets & { enabled: boolean; personRequestsPerMinute: number; schoolRequestsPerMinute: number }

const FEATURE_COLUMN: Record<AiFeature, string> = {
  tutor: 'tutor_monthly_tokens',
  summaries: 'summaries_monthly_tokens',
  'quiz-generation': 'quiz_generation_monthly_tokens',
}

type SettingsRow = { enabled: boolean | null; ceiling: string | null; monthly: string | null; person_daily: string | null; feature: string | null; person_rate: string | null; school_rate: string | null }

const numberOf = (value: string | null | undefined): number | null => (value === null || value === undefined ? null : Number(value))

/** A school's AI limits for one feature: its settings, or the defaults when it has none. The platform's ceiling (the default month when none is set) caps the school's month. */
export const limitsOf = async (req: PayloadRequest, tenant: number, feature: AiFeature): Promise<AiLimits> => {
  // Read plainly: it sits on every AI request, and Payload's find of one row costs a few ms of its own work.
  const db = await sqlHandle(req)
  const { rows } = await db.execute<SettingsRow>(sql`
    select enabled, monthly_token_ceiling::text as ceiling, monthly_tokens::text as monthly, person_daily_tokens::text as person_daily,
      ${sql.raw(FEATURE_COLUMN[feature])}::text as feature, person_requests_per_minute::text as person_rate, school_requests_per_minute::text as school_rate
    from ai_settings where tenant_id = ${tenant} order by id limit 1`)
  const s = rows[0]
  // Without a ceiling of the platform's, the default is the ceiling: a school's admins cannot lift
  // their own school out of every limit by leaving its budget empty.
  const ceiling = numberOf(s?.ceiling) ?? AI_DEFAULTS.monthlyTokens
  return {
    enabled: s?.enabled !== false,
    monthlyTokens: Math.min(ceiling, numberOf(s?.monthly) ?? ceiling),
    personDailyTokens: s ? numberOf(s.person_daily) : AI_DEFAULTS.personDailyTokens,
    featureMonthlyTokens: numberOf(s?.feature),
    personRequestsPerMinute: numberOf(s?.person_rate) ?? AI_DEFAULTS.personRequestsPerMinute,
    schoolRequestsPerMinute: numberOf(s?.school_rate) ?? AI_DEFAULTS.schoolRequestsPerMinute,
  }
}

/** Counts one AI request of a person and of their school; the seconds to wait when either is over its limit per minute. */
export const hitRequestLimits = async (limits: AiLimits, tenant: number, person: number | null): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number; scope: 'person' | 'school' }> => {
  const limiter = rateLimiter()
  if (person !== null) {
    const own = await limiter.hit(`ai:person:${person}`, limits.personRequestsPerMinute, 60)
    if (!own.allowed) {
      return { allowed: false, retryAfterSeconds: own.retryAfterSeconds, scope: 'person' }
    }
  }
  const school = await limiter.hit(`ai:school:${tenant}`, limits.schoolRequestsPerMinute, 60)
  return school.allowed ? { allowed: true } : { allowed: false, retryAfterSeconds: school.retryAfterSeconds, scope: 'school' }
}
