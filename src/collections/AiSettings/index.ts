import type { CollectionConfig, FieldAccess } from 'payload'

import { createInOwnTenant } from '@/access/createInOwnTenant'
import { AI_DEFAULTS } from '@/domain/ai/features'
import { isSuperAdmin, superAdminOnly } from '@/domain/identity/isSuperAdmin'
import { schoolAdmins, schoolAdminsInPerson } from '@/domain/identity/staff'
import { onePerSchool } from '@/hooks/onePerSchool'
import { AI_SETTINGS } from '@/shared/slugs'

import { checkCeiling } from './hooks/checkCeiling'

/** The platform's ceiling on a school's spending: set by super-admins, read by the school's admins. */
const platformOnly: { create: FieldAccess; update: FieldAccess } = { create: ({ req }) => isSuperAdmin(req.user), update: ({ req }) => isSuperAdmin(req.user) }

const tokens = (name: string, description: string, defaultValue?: number) => ({
  name,
  type: 'number' as const,
  min: 0,
  max: 10_000_000_000,
  ...(defaultValue !== undefined ? { defaultValue } : {}),
  admin: { description },
})

/**
 * A school's AI budgets and limits: tokens per month for the school and per feature, per day
 * for each person, and requests per minute. Every Gemini call reserves against them first
 * (src/domain/ai/budget.ts). One per school; without one, the defaults apply.
 */
export const AiSettings: CollectionConfig = {
  slug: AI_SETTINGS,
  labels: { singular: 'AI settings', plural: 'AI settings' },
  admin: { group: 'AI', useAsTitle: 'tenant', defaultColumns: ['tenant', 'enabled', 'monthlyTokens', 'personDailyTokens'] },
  access: { read: schoolAdmins, create: createInOwnTenant(AI_SETTINGS), update: schoolAdminsInPerson, delete: superAdminOnly },
  indexes: [{ fields: ['tenant'], unique: true }],
  hooks: { beforeChange: [onePerSchool(AI_SETTINGS, 'This school has its AI settings already: edit them.'), checkCeiling] },
  fields: [
    { name: 'enabled', type: 'checkbox', defaultValue: true, admin: { description: 'Off: no AI feature answers in this school.' } },
    {
      ...tokens('monthlyTokenCeiling', `Set by the platform: the most the school may budget per month. Empty: ${AI_DEFAULTS.monthlyTokens.toLocaleString('en')}.`),
      access: platformOnly,
    },
    {
      type: 'row',
      fields: [
        tokens('monthlyTokens', 'Tokens the whole school may use per calendar month (UTC).', AI_DEFAULTS.monthlyTokens),
        tokens('personDailyTokens', 'Tokens one person may use per day (UTC).', AI_DEFAULTS.personDailyTokens),
      ],
    },
    {
      type: 'row',
      fields: [
        tokens('tutorMonthlyTokens', 'Of the school’s tokens, the most the tutor may use per month. Empty: no limit of its own.'),
        tokens('summariesMonthlyTokens', 'The most recording summaries may use per month.'),
        tokens('quizGenerationMonthlyTokens', 'The most quiz generation may use per month.'),
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'personRequestsPerMinute', type: 'number', min: 1, max: 1000, defaultValue: AI_DEFAULTS.personRequestsPerMinute },
        { name: 'schoolRequestsPerMinute', type: 'number', min: 1, max: 100_000, defaultValue: AI_DEFAULTS.schoolRequestsPerMinute },
      ],
    },
  ],
}
