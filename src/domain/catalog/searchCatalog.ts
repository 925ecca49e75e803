import type { Payload } from 'payload'

import type { CatalogQuery } from './catalogQuery'

import { sql } from '@payloadcms/db-postgres'
import { PgDialect } from '@payloadcms/db-postgres/drizzle/pg-core'
import crypto from 'node:crypto'

import { type LocaleCode } from '@/i18n/locales'
import { postgresAdapter } from '@/services/database/adapter'
import { preparedQuery } from '@/services/database/preparedQuery'

import { searchWords } from './catalogQuery'

/** Text search configuration per content locale; must match aqoon_course_search_vector(). */
const SEARCH_CONFIG: Record<LocaleCode, string> = { en: 'english', ar: 'simple', so: 'simple' }

export type CatalogCourse = {
  id: number
  slug: string
  title: string | null
  summary: string | null
  level: string | null
  language: string | null
  estimatedHours: number | null
  price: { amount: number; currency: string } | null
  enrollmentPolicy: string
  startsAt: string | null
  endsAt: string | null
  category: { id: number; slug: string; name: string | null } | null
  tags: { id: number; slug: string; name: string | null }[]
  coverUrl: string | null
}

type Count = { value: string; count: number }
type EntryCount = { id: number; slug: string; name: string | null; count: number }

export type CatalogResult = {
  docs: CatalogCourse[]
  totalDocs: number
  page: number
  limit: number
  totalPages: number
  hasNextPage: boolean
  hasPrevPage: boolean
  locale: LocaleCode
  facets: {
    categories: EntryCount[]
    tags: EntryCount[]
    levels: Count[]
    languages: Count[]
    price: { free: number; paid: number }
  }
}

type SQL = ReturnType<typeof sql>

const dialect = new PgDialect()

/**
 * Runs the statement as a named prepared statement: a search has a handful of shapes
 * (which filters, which sort, which locale), and planning this statement costs about as
 * much as running it. Each pooled connection plans each shape once.
 */
const runPrepared = async (payload: Payload, statement: SQL): Promise<unknown> => {
  const { sql: text, params } = dialect.sqlToQuery(statement)
  const name = `catalog_${crypto.createHash('sha256').update(text).digest('hex').slice(0, 24)}`
  const rows = await preparedQuery(payload, { name, text, values: params })
  return rows[0]?.result
}

const iso = (column: string): SQL =>
  sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`)

const ORDER: Record<string, string> = {
  relevance: 'm.rank desc, m.created_at desc, m.id desc',
  newest: 'm.created_at desc, m.id desc',
  start: 'm.starts_at asc nulls last, m.id asc',
  title: 'm.title_key asc, m.id asc',
}

/**
 * Searches one school's published catalog in one statement: matching courses (full
 * text in the requested locale, filters), the requested page, the total and facet
 * counts, assembled as JSON by PostgreSQL. Titles fall back to the school's default
 * locale where a translation is missing.
 */
export const searchCatalog = async (
  payload: Payload,
  tenant: { id: number; defaultLocale?: string | null },
  query: CatalogQuery,
): Promise<CatalogResult> => {
  const fallback = (tenant.defaultLocale ?? 'en') as LocaleCode
  const locale = query.locale ?? fallback
  const words = searchWords(query.q)
  // Locale and configuration come from fixed lists, never from the request's text.
  const config = sql.raw(`'${SEARCH_CONFIG[locale]}'::regconfig`)
  const localeLiteral = sql.raw(`'${locale}'`)
  const fallbackLiteral = sql.raw(`'${fallback}'`)
  // The stored, weighted vector of this locale (migration course_search_vectors).
  const vector = sql.raw(`c.search_${locale}`)

  // Published and not archived: also the predicate of the school-scoped text indexes.
  const where: SQL[] = [sql`c._status = 'published'`, sql`c.archived is not true`]
  if (words) {
    // The text index (migration catalog_search_keys) holds each course's lexemes prefixed with
    // its school, so matching those keys is the school condition: an equality on tenant_id
    // beside it would have PostgreSQL AND in the school's whole btree range for nothing. The
    // stored vector then decides, exactly as before. Scalar subqueries are computed once.
    where.push(sql`aqoon_catalog_keys(c.tenant_id, ${vector}) @@ (select keys from q)`, sql`${vector} @@ (select query from q)`)
  } else {
    where.push(sql`c.tenant_id = ${tenant.id}`)
  }
  if (query.level) {
    where.push(sql`c.level = ${query.level}`)
  }
  if (query.language) {
    where.push(sql`c.language = ${query.language}`)
  }
  if (query.price) {
    where.push(query.price === 'free' ? sql`coalesce(c.price_amount, 0) = 0` : sql`coalesce(c.price_amount, 0) > 0`)
  }
  if (query.startsFrom) {
    where.push(sql`c.starts_at >= ${query.startsFrom}::timestamptz`)
  }
  if (query.startsBefore) {
    where.push(sql`c.starts_at < ${query.startsBefore}::timestamptz`)
  }
  if (query.category) {
    where.push(sql`c.category_id in (
      with recursive tree as (
        select k.id from categories k where k.tenant_id = ${tenant.id} and k.slug = ${query.category}
        union
        select k.id from categories k join tree on k.parent_id = tree.id
      ) select id from tree)`)
  }
  if (query.tags?.length) {
    where.push(sql`exists (
      select 1 from courses_rels r join tags t on t.id = r.tags_id
      where r.parent_id = c.id and r.path = 'tags' and t.slug in (${sql.join(query.tags.map((tag) => sql`${tag}`), sql`, `)}))`)
  }
  // A name in the requested locale, else the school's default: two probes of the unique
  // (locale, parent) index, where joins had PostgreSQL hash every school's names per search.
  const localizedName = (table: 'categories_locales' | 'tags_locales', id: SQL): SQL =>
    sql`coalesce((select n.name from ${sql.raw(table)} n where n._parent_id = ${id} and n._locale = ${localeLiteral}),
      (select n.name from ${sql.raw(table)} n where n._parent_id = ${id} and n._locale = ${fallbackLiteral}))`
  const sort = query.sort === 'relevance' && !words ? 'newest' : (query.sort ?? (words ? 'relevance' : 'newest'))
  const offset = (query.page - 1) * query.limit

  const statement = sql`
    with q as (
      select (
        select to_tsquery(${config}, string_agg(w || ':*', ' & '))
        from regexp_split_to_table(aqoon_search_text(${words}), '\\s+') w where w <> ''
      ) as query, (
        -- Every word of the search as a prefix of this school's keys: what any match has.
        select aqoon_catalog_keys_query(${tenant.id}, to_tsvector(${config}, aqoon_search_text(${words})))
      ) as keys
    ),
    m as (
      select c.id, c.created_at, c.starts_at, c.category_id, c.level, c.language, c.catalog_tag_ids,
        coalesce(c.price_amount, 0) > 0 as paid,
        ${sort === 'title' ? sql`lower(coalesce(l.title, d.title))` : sql`null::text`} as title_key,
        ${words ? sql`ts_rank(${vector}, (select query from q))` : sql`0`} as rank
      from courses c
      ${
        // Titles are joined only for sorting by title; the page joins its own.
        sort === 'title'
          ? sql`left join courses_locales l on l._parent_id = c.id and l._locale = ${localeLiteral}
                left join courses_locales d on d._parent_id = c.id and d._locale = ${fallbackLiteral}`
          : sql``
      }
      where ${sql.join(where, sql` and `)}
    ),
    page as (
      select m.* from m order by ${sql.raw(ORDER[sort]!)} limit ${query.limit} offset ${offset}
    )
    select json_build_object(
      'total', (select count(*) from m),
      'docs', (select coalesce(json_agg(json_build_object(
          'id', c.id, 'slug', c.slug, 'title', coalesce(pl.title, pd.title), 'summary', coalesce(pl.summary, pd.summary),
          'level', c.level, 'language', c.language, 'estimatedHours', c.estimated_hours,
          'price', case when p.paid then json_build_object('amount', c.price_amount, 'currency', c.price_currency) end,
          'enrollmentPolicy', c.enrollment_policy,
          'startsAt', ${iso('c.starts_at')}, 'endsAt', ${iso('c.ends_at')},
          'category', (select json_build_object('id', k.id, 'slug', k.slug, 'name', coalesce(kl.name, kd.name))
              from categories k
              left join categories_locales kl on kl._parent_id = k.id and kl._locale = ${localeLiteral}
              left join categories_locales kd on kd._parent_id = k.id and kd._locale = ${fallbackLiteral}
              where k.id = c.category_id),
          -- One lookup per tag of the course: joined, PostgreSQL hashed every school's tags for each course.
          'tags', (select coalesce(json_agg((select json_build_object('id', t.id, 'slug', t.slug, 'name', coalesce(tl.name, td.name))
                from tags t
                left join tags_locales tl on tl._parent_id = t.id and tl._locale = ${localeLiteral}
                left join tags_locales td on td._parent_id = t.id and td._locale = ${fallbackLiteral}
                where t.id = r.tags_id) order by r."order"), '[]')
              from courses_rels r where r.parent_id = c.id and r.path = 'tags' and r.tags_id is not null),
          'coverUrl', (select '/api/media/file/' || md.filename from media md where md.id = c.cover_id and md.public)
        ) order by ${sql.raw(ORDER[sort]!.replaceAll('m.', 'p.'))}), '[]')
        from page p join courses c on c.id = p.id
        left join courses_locales pl on pl._parent_id = c.id and pl._locale = ${localeLiteral}
        left join courses_locales pd on pd._parent_id = c.id and pd._locale = ${fallbackLiteral}),
      'levels', (select coalesce(json_agg(json_build_object('value', x.level, 'count', x.n) order by x.n desc, x.level), '[]')
        from (select level, count(*) as n from m where level is not null group by level) x),
      'languages', (select coalesce(json_agg(json_build_object('value', x.language, 'count', x.n) order by x.n desc, x.language), '[]')
        from (select language, count(*) as n from m where language is not null group by language) x),
      'price', (select json_build_object('free', count(*) filter (where not paid), 'paid', count(*) filter (where paid)) from m),
      'categories', (select coalesce(json_agg(json_build_object('id', k.id, 'slug', k.slug, 'name', ${localizedName('categories_locales', sql`k.id`)}, 'count', x.n) order by x.n desc, k.slug), '[]')
        from (select category_id, count(*) as n from m where category_id is not null group by category_id) x
        join categories k on k.id = x.category_id),
      'tags', (select coalesce(json_agg(json_build_object('id', t.id, 'slug', t.slug, 'name', ${localizedName('tags_locales', sql`t.id`)}, 'count', x.n) order by x.n desc, t.slug), '[]')
        from (select tag_id, count(*) as n from m, unnest(m.catalog_tag_ids) as tag_id group by tag_id) x
        join tags t on t.id = x.tag_id)
    ) as result`

  const raw = (await runPrepared(payload, statement)) as {
    total: number
    docs: CatalogCourse[]
    levels: Count[]
    languages: Count[]
    price: { free: number; paid: number }
    categories: EntryCount[]
    tags: EntryCount[]
  }
  const totalPages = Math.ceil(raw.total / query.limit)
  return {
    docs: raw.docs,
    totalDocs: raw.total,
    page: query.page,
    limit: query.limit,
    totalPages,
    hasNextPage: query.page < totalPages,
    hasPrevPage: query.page > 1,
    locale,
    facets: { categories: raw.categories, tags: raw.tags, levels: raw.levels, languages: raw.languages, price: raw.price },
  }
}

/**
 * The school's catalog version: triggers move it whenever its courses, categories, tags
 * or media change (migration `catalog_versions`). One primary-key read.
 */
export const catalogVersion = async (payload: Payload, tenantId: number): Promise<string> => {
  const { rows } = await postgresAdapter(payload).drizzle.execute(sql`select version from catalog_versions where tenant_id = ${tenantId}`)
  return String(rows[0]?.version ?? 0)
}
