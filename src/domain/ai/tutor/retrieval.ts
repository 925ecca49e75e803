import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { sqlHandle } from '@/services/database/transactions'

export type Passage = { kind: 'lesson'; id: string; title: string; text: string }

/** The longest piece of one lesson put in a prompt. */
const PASSAGE_CHARS = 1500
const MAX_TERMS = 24

/** The question's words as a PostgreSQL text query where any word may match (`a | b | c`), or null with none worth searching. */
export const searchTerms = (question: string): string | null => {
  const words = (question.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []).slice(0, MAX_TERMS)
  // Each word quoted as a lexeme: nothing the student types is read as query syntax.
  return words.length === 0 ? null : [...new Set(words)].map((w) => `'${w.replace(/'/g, "''")}'`).join(' | ')
}

/**
 * The lessons of a course that best answer a question, from PostgreSQL's text search over each
 * lesson's title and words in the reader's language (English where a lesson has none in it),
 * among those the student may study now (released to them). At most `limit`, best first.
 */
export const retrieveLessons = async (
  req: PayloadRequest,
  { course, question, locale, activatedAt, limit = 3 }: { course: number; question: string; locale: string; activatedAt: string | null; limit?: number },
): Promise<Passage[]> => {
  const terms = searchTerms(question)
  if (!terms) {
    return []
  }
  const db = await sqlHandle(req)
  const { rows } = await db.execute<{ id: string; title: string | null; text: string | null; rank: number }>(sql`
    with lesson as (
      select l.id, coalesce(own.title, en.title) as title,
        (select string_agg(t #>> '{}', ' ') from jsonb_path_query(coalesce(own.body, en.body, '{}'::jsonb), 'strict $.**.text') as t) as text,
        s._order as section_order, l._order as lesson_order
      from courses_sections s
      join courses_sections_lessons l on l._parent_id = s.id
      left join courses_sections_lessons_locales own on own._parent_id = l.id and own._locale = ${locale}
      left join courses_sections_lessons_locales en on en._parent_id = l.id and en._locale = 'en'
      where s._parent_id = ${course}
        and (l.release_after_days is null or ${activatedAt}::timestamptz is null
          or ${activatedAt}::timestamptz + l.release_after_days * interval '1 day' <= now()))
    select id, title, text, ts_rank(to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(text, '')), to_tsquery('simple', ${terms})) as rank
    from lesson
    where to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(text, '')) @@ to_tsquery('simple', ${terms})
    order by rank desc, section_order, lesson_order
    limit ${limit}`)
  return rows.map((row) => ({ kind: 'lesson' as const, id: row.id, title: row.title ?? '', text: (row.text ?? '').slice(0, PASSAGE_CHARS) }))
}
