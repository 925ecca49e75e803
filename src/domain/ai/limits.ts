import type { PayloadRequest } from 'payload'

import type { AiSetting } from '@/payload-types'

import { rateLimiter } from '@/services/rateLimit'
import { AI_SETTINGS } from '@/shared/slugs'

import type { Budgets } from './budget'

import { AI_DEFAULTS, type AiFeature } from './features'

export type AiLimits = Budgets & { enabled: boolean; personRequestsPerMinute: number; schoolRequestsPerMinute: number }

const FEATURE_FIELD: Record<AiFeature, 'tutorMonthlyTokens' | 'summariesMonthlyTokens' | 'quizGenerationMonthlyTokens'> = {
  tutor: 'tutorMonthlyTokens',
  summaries: 'summariesMonthlyTokens',
  'quiz-generation': 'quizGenerationMonthlyTokens',
}

/** A school's AI limits for one feature: its settings, or the defaults when it has none. The platform's ceiling (the default month when none is set) caps the school's month. */
export const limitsOf = async (req: PayloadRequest, tenant: number, feature: AiFeature): Promise<AiLimits> => {
  const found = await req.payload.find({ collection: AI_SETTINGS, where: { tenant: { equals: tenant } }, limit: 1, depth: 0, overrideAccess: true, req })
  const s = found.docs[0] as AiSetting | undefined
  // Without a ceiling of the platform's, the default is the ceiling: a school's admins cannot lift
  // their own school out of every limit by leaving its budget empty.
  const ceiling = s?.monthlyTokenCeiling ?? AI_DEFAULTS.monthlyTokens
  return {
    enabled: s?.enabled !== false,
    monthlyTokens: Math.min(ceiling, s?.monthlyTokens ?? ceiling),
    personDailyTokens: s?.personDailyTokens ?? (s ? null : AI_DEFAULTS.personDailyTokens),
    featureMonthlyTokens: s?.[FEATURE_FIELD[feature]] ?? null,
    personRequestsPerMinute: s?.personRequestsPerMinute ?? AI_DEFAULTS.personRequestsPerMinute,
    schoolRequestsPerMinute: s?.schoolRequestsPerMinute ?? AI_DEFAULTS.schoolRequestsPerMinute,
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
