import type { CollectionBeforeChangeHook } from 'payload'

import type { AiSetting } from '@/payload-types'

import { ValidationError } from 'payload'

import { AI_DEFAULTS } from '@/domain/ai/features'
import { AI_SETTINGS } from '@/shared/slugs'

/** A school's monthly budget stays under the platform's ceiling, and no feature's budget exceeds the school's. */
export const checkCeiling: CollectionBeforeChangeHook<AiSetting> = ({ data, originalDoc }) => {
  const merged = { ...originalDoc, ...data } as AiSetting
  const errors: { path: string; message: string }[] = []
  const ceiling = merged.monthlyTokenCeiling ?? AI_DEFAULTS.monthlyTokens
  if (typeof merged.monthlyTokens === 'number' && merged.monthlyTokens > ceiling) {
    errors.push({ path: 'monthlyTokens', message: `The platform allows this school at most ${ceiling} tokens a month.` })
  }
  for (const field of ['tutorMonthlyTokens', 'summariesMonthlyTokens', 'quizGenerationMonthlyTokens'] as const) {
    const value = merged[field]
    if (typeof value === 'number' && typeof merged.monthlyTokens === 'number' && value > merged.monthlyTokens) {
      errors.push({ path: field, message: 'A feature’s budget cannot exceed the school’s.' })
    }
  }
  if (errors.length > 0) {
    throw new ValidationError({ collection: AI_SETTINGS, errors })
  }
  return data
}
