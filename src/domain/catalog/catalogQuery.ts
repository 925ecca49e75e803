import { z } from 'zod'

import { COURSE_LEVELS } from '@/domain/catalog/levels'
import { LOCALES } from '@/i18n/locales'

export const CATALOG_SORTS = ['relevance', 'newest', 'start', 'title'] as const

const list = z
  .string()
  .max(500)
  .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use slugs separated by commas.')).max(20))

const date = z.iso.date('Use a date such as 2026-12-01.').or(z.iso.datetime({ offset: true, message: 'Use a date such as 2026-12-01.' }))

/** The catalog's query string: what visitors may ask for, and nothing else. */
export const CatalogQuery = z.strictObject({
  q: z.string().max(200, 'Search for at most 200 characters.').optional(),
  locale: z.enum(LOCALES.map((l) => l.code)).optional(),
  category: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use a category slug.').optional(),
  tags: list.optional(),
  level: z.enum(COURSE_LEVELS).optional(),
  language: z.enum(LOCALES.map((l) => l.code)).optional(),
  price: z.enum(['free', 'paid']).optional(),
  startsFrom: date.optional(),
  startsBefore: date.optional(),
  sort: z.enum(CATALOG_SORTS).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(50).default(12),
})

export type CatalogQuery = z.infer<typeof CatalogQuery>

/** Letters and digits of a search, in any script; everything else separates words. */
export const searchWords = (q: string | undefined): string =>
  (q ?? '')
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .slice(0, 10)
    .join(' ')
