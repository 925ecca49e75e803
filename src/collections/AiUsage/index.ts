import type { CollectionConfig } from 'payload'

import { nobody } from '@/access/nobody'
import { AI_FEATURES, AI_OUTCOMES } from '@/domain/ai/features'
import { schoolAdmins } from '@/domain/identity/staff'
import { AI_USAGE, COURSES, USERS } from '@/shared/slugs'

import { usageReport } from './endpoints/report'

const options = (values: readonly string[]) => values.map((value) => ({ label: value, value }))

/**
 * The AI ledger: one row per Gemini call, reserved before it (the prompt's counted tokens plus
 * the most it may write) and settled after (the tokens Google reports, thinking included) or
 * released when it fails. Never the prompt's text, never a key. Written by the budget alone.
 */
export const AiUsage: CollectionConfig = {
  slug: AI_USAGE,
  labels: { singular: 'AI call', plural: 'AI ledger' },
  admin: { group: 'AI', useAsTitle: 'feature', defaultColumns: ['createdAt', 'feature', 'person', 'status', 'outcome', 'totalTokens', 'latencyMs'] },
  access: { read: schoolAdmins, create: nobody, update: nobody, delete: nobody },
  disableDuplicate: true,
  endpoints: [usageReport],
  defaultSort: '-createdAt',
  indexes: [{ fields: ['tenant', 'createdAt'] }],
  fields: [
    { name: 'person', type: 'relationship', relationTo: USERS, index: true },
    { name: 'course', type: 'relationship', relationTo: COURSES },
    { name: 'feature', type: 'select', required: true, options: options(AI_FEATURES) },
    { name: 'model', type: 'text', required: true },
    {
      name: 'status',
      type: 'select',
      required: true,
      options: [
        { label: 'Reserved (the call is running)', value: 'reserved' },
        { label: 'Settled', value: 'settled' },
        { label: 'Released (nothing spent)', value: 'released' },
      ],
    },
    { name: 'outcome', type: 'select', options: options(AI_OUTCOMES) },
    { name: 'errorCode', type: 'text' },
    {
      type: 'row',
      fields: [
        { name: 'reservedTokens', type: 'number', required: true },
        { name: 'promptTokens', type: 'number' },
        { name: 'outputTokens', type: 'number' },
        { name: 'thinkingTokens', type: 'number' },
        { name: 'totalTokens', type: 'number' },
      ],
    },
    { name: 'latencyMs', type: 'number' },
    { name: 'settledAt', type: 'date' },
  ],
}
