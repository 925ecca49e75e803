import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { inTransaction, LOCKS, lockFor, sqlHandle } from '@/services/database/transactions'

export type Passage = { kind: 'lesson' | 'summary'; id: string; title: string; text: string }

/** The longest piece of one lesson put in a prompt. */
const PASSAGE_CHARS = 1500
const MAX_TERMS = 24

/**
 * Words too common to tell lessons apart (English, Arabic, Somali): with the `simple` search
 * configuration, which keeps every word in any language, "the" would rank a lesson by its length.
 */
const STOP_WORDS = new Set(
  (
    'the and for with does did what how why this that these those are was were you your can could would should will from have has had into about when which who whom whose there their them they then than but not all any our out use also its it\'s been being very just more most some such only own same too here where while '
    + 'في من على إلى الى عن ما هو هي هذا هذه ذلك التي الذي الذين كيف لماذا متى أين هل لا لم لن مع كان كانت أو ثم إن أن '
    + 'iyo ama waxa waa maxay sidee sababta miyaa kuwa kan kani taas'
  ).split(/\s+/),
)

/** The question's words as a PostgreSQL text query where any word may match (`a | b | c`), or null with none worth searching. */
export const searchTerms = (question: string): string | null => {
  const words = (question.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []).filter((w) => !STOP_WORDS.has(w)).slice(0, MAX_TERMS)
  // Each word quoted as a lexeme: nothing the student types is read as query syntax.
  return words.length === 0 ? null : [...new Set(words)].map((w) => `'${w.replace(/'/g, "''")}'`).join(' | ')
}

/**
 * The course's lessons in `lesson_search`, one row per lesson and locale with its words and their
 * text-search vector, rebuilt when the course has changed since they were taken (its
 * `updated_at`). Rebuilt under the course's lock, so two questions do not rebuild it twice.
 */
const ensureIndexed = async (req: PayloadRequest, course: number): Promise<void> => {
  const db = await sqlHandle(req)
  const stale = sql`
    select 1 from courses c left join lesson_search_state s on s.course_id = c.id
    where c.id = ${course} and (s.indexed_at is null or s.indexed_at < c.updated_at)`
  if ((await db.execute(stale)).rows.length === 0) {
    return
  }
  await inTransaction(req, async () => {
    await lockFor(req, LOCKS.lessonSearch, course)
    const tx = await sqlHandle(req)
    const state = await tx.execute<{ updated_at: string }>(sql`
      select c.updated_at from courses c left join lesson_search_state s on s.course_id = c.id
      where c.id = ${course} and (s.indexed_at is null or s.indexed_at < c.updated_at)`)
    const updatedAt = state.rows[0]?.updated_at
    if (!updatedAt) {
      return
    }
    await tx.execute(sql`delete from lesson_search where course_id = ${course}`)
    await tx.execute(sql`
      insert into lesson_search (course_id, lesson_id, locale, section_order, lesson_order, release_after_days, title, body, tsv)
      select ${course}, l.id, loc._locale::text, s._order, l._order, l.release_after_days, coalesce(loc.title, ''), words.body,
        to_tsvector('simple', coalesce(loc.title, '') || ' ' || words.body)
      from courses_sections s
      join courses_sections_lessons l on l._parent_id = s.id
      join courses_sections_lessons_locales loc on loc._parent_id = l.id
      cross join lateral (select coalesce(string_agg(t #>> '{}', ' '), '') as body from jsonb_path_query(coalesce(loc.body, '{}'::jsonb), 'strict $.**.text') as t) words
      where s._parent_id = ${course}`)
    await tx.execute(sql`
      insert into lesson_search_state (course_id, indexed_at) values (${course}, ${updatedAt}::timestamptz)
      on conflict (course_id) do update set indexed_at = excluded.indexed_at`)
  })
}

/**
 * The lessons of a course that best answer a question, from PostgreSQL's text search over each
 * lesson's title and words in the reader's language (English where a lesson has none in it),
 * among those the student may study now (released to them). At most `limit`, best first.
 */
const searchLessons = async (req: PayloadRequest, { course, terms, locale, activatedAt, limit }: { course: number; terms: string; locale: string; activatedAt: string | null; limit: number }): Promise<Ranked[]> => {
  await ensureIndexed(req, course)
  const db = await sqlHandle(req)
  // The reader's locale where the lesson has words in it, else English.
  const { rows } = await db.execute<{ id: string; title: string; body: string; rank: number }>(sql`
    select x.lesson_id as id, x.title, x.body, x.rank
    from (
      select ls.*, ts_rank(ls.tsv, to_tsquery('simple', ${terms})) as rank,
        row_number() over (partition by ls.lesson_id order by (ls.locale = ${locale} and ls.body <> '') desc, (ls.locale = 'en') desc) as choice
      from lesson_search ls
      where ls.course_id = ${course} and ls.locale in (${locale}, 'en')
        -- Released as lessons are everywhere: counted from the activation, or from now without one.
        and coalesce(${activatedAt}::timestamptz, now()) + coalesce(ls.release_after_days, 0) * interval '1 day' <= now()
    ) x
    where x.choice = 1 and x.tsv @@ to_tsquery('simple', ${terms})
    order by x.rank desc, x.section_order, x.lesson_order, x.lesson_id
    limit ${limit}`)
  return rows.map((row) => ({ kind: 'lesson' as const, id: row.id, title: row.title, text: row.body.slice(0, PASSAGE_CHARS), rank: Number(row.rank) }))
}

/**
 * The course's published recording summaries that answer a question: title, summary and key
 * points (with their timestamps) in the reader's language, else English. Searched as they are:
 * a course has a summary per class, not thousands.
 */
const searchSummaries = async (req: PayloadRequest, { course, terms, locale, limit }: { course: number; terms: string; locale: string; limit: number }): Promise<Ranked[]> => {
  const db = await sqlHandle(req)
  const { rows } = await db.execute<{ id: number; title: string; body: string; rank: number }>(sql`
    select x.id, x.title, x.body, ts_rank(x.tsv, to_tsquery('simple', ${terms})) as rank
    from (
      select s.id, coalesce(l.title, '') as title, words.body,
        to_tsvector('simple', coalesce(l.title, '') || ' ' || words.body) as tsv,
        row_number() over (partition by s.id order by (l._locale::text = ${locale} and coalesce(l.summary, '') <> '') desc, (l._locale::text = 'en') desc) as choice
      from recording_summaries s
      join recording_summaries_locales l on l._parent_id = s.id and l._locale::text in (${locale}, 'en')
      cross join lateral (
        select coalesce(l.summary, '') || coalesce(' ' || string_agg('[' || coalesce(k.timestamp, '') || '] ' || coalesce(kl.text, ''), ' ' order by k._order), '') as body
        from recording_summaries_key_points k
        left join recording_summaries_key_points_locales kl on kl._parent_id = k.id and kl._locale = l._locale
        where k._parent_id = s.id) words
      where s.course_id = ${course} and s._status = 'published'
    ) x
    where x.choice = 1 and x.tsv @@ to_tsquery('simple', ${terms})
    order by rank desc, x.id desc
    limit ${limit}`)
  return rows.map((row) => ({ kind: 'summary' as const, id: String(row.id), title: row.title, text: row.body.slice(0, PASSAGE_CHARS), rank: Number(row.rank) }))
}

type Ranked = Passage & { rank: number }

/**
 * What of the course best answers a question: its lessons released to the student and its
 * published recording summaries, by PostgreSQL's text search in the reader's language. At most
 * `limit`, best first (a lesson before a summary that ranks the same).
 */
export const retrievePassages = async (
  req: PayloadRequest,
  { course, question, locale, activatedAt, limit = 3 }: { course: number; question: string; locale: string; activatedAt: string | null; limit?: number },
): Promise<Passage[]> => {
  const terms = searchTerms(question)
  if (!terms) {
    return []
  }
  const [lessons, summaries] = await Promise.all([searchLessons(req, { course, terms, locale, activatedAt, limit }), searchSummaries(req, { course, terms, locale, limit })])
  return [...lessons, ...summaries]
    .sort((a, b) => b.rank - a.rank || (a.kind === b.kind ? 0 : a.kind === 'lesson' ? -1 : 1))
    .slice(0, limit)
    .map(({ rank: _rank, ...passage }) => passage)
}

/**
 * The words of a course's lessons in a locale (English where a lesson has none in it), in the
 * course's order: all of them, or those named. For writing quiz questions from.
 */
export const lessonTexts = async (req: PayloadRequest, { course, locale, lessons }: { course: number; locale: string; lessons?: string[] }): Promise<{ id: string; title: string; text: string }[]> => {
  await ensureIndexed(req, course)
  const db = await sqlHandle(req)
  const { rows } = await db.execute<{ id: string; title: string; body: string }>(sql`
    select x.lesson_id as id, x.title, x.body from (
      select ls.*, row_number() over (partition by ls.lesson_id order by (ls.locale = ${locale} and ls.body <> '') desc, (ls.locale = 'en') desc) as choice
      from lesson_search ls
      where ls.course_id = ${course} and ls.locale in (${locale}, 'en')
        ${lessons ? sql`and ls.lesson_id in ${sql`(${sql.join(lessons.map((id) => sql`${id}`), sql`, `)})`}` : sql``}
    ) x
    where x.choice = 1
    order by x.section_order, x.lesson_order`)
  return rows.map((row) => ({ id: row.id, title: row.title, text: row.body }))
}
