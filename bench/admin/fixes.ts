import type pg from 'pg'

/**
 * A candidate fix for list views over (or near) the target: indexes created by hand on the
 * benchmark's own database and dropped after the trial. A proposal for a migration, never one.
 */
export type Fix = {
  name: string
  /** What EXPLAIN ANALYZE showed, in a line. */
  why: string
  /** The list views it is for: labels containing one of these ("courses / search"). */
  targets: string[]
  /** The extension the indexes need, created for the trial when missing. */
  extension?: string
  indexes: { name: string; table: string; definition: string }[]
}

export type AppliedFix = Fix & { seconds: number }

export const FIXES: Fix[] = [
  {
    name: 'trigram index on course version titles',
    why: "the search box's `title like` is `ilike '%word%'` on `_courses_v_locales` (three locales a version): a sequential scan of every row, twice (the page and its count)",
    targets: ['courses / search'],
    extension: 'pg_trgm',
    indexes: [{ name: 'bench_courses_v_locales_title_trgm', table: '_courses_v_locales', definition: 'using gin ("version_title" gin_trgm_ops)' }],
  },
  {
    name: 'trigram index on enrollment titles',
    why: "the search box's `title like` scans every enrollment, twice",
    targets: ['enrollments / search'],
    extension: 'pg_trgm',
    indexes: [{ name: 'bench_enrollments_title_trgm', table: 'enrollments', definition: 'using gin ("title" gin_trgm_ops)' }],
  },
  {
    name: 'trigram indexes on audit actor and document',
    why: "the search box matches `actorLabel` or `documentId` with `ilike '%word%'`: a sequential scan of the whole trail, twice",
    targets: ['audit-logs / search'],
    extension: 'pg_trgm',
    indexes: [
      { name: 'bench_audit_logs_actor_label_trgm', table: 'audit_logs', definition: 'using gin ("actor_label" gin_trgm_ops)' },
      { name: 'bench_audit_logs_document_id_trgm', table: 'audit_logs', definition: 'using gin ("document_id" gin_trgm_ops)' },
    ],
  },
  {
    name: 'latest course versions by id, titles by version',
    why:
      'sorting on the localized title joins `_courses_v_locales`, so Payload selects DISTINCT (a full sort of every latest version) and counts with ' +
      '`COUNT(1) OVER() … GROUP BY id` (a hash of every latest version); a partial index of the latest versions feeds the count in id order, and a ' +
      'covering index reads the titles without the rows',
    targets: ['courses / sorted by title', 'courses / search'],
    indexes: [
      { name: 'bench_courses_v_latest_id', table: '_courses_v', definition: '("id") where "latest"' },
      { name: 'bench_courses_v_locales_title_cover', table: '_courses_v_locales', definition: '("_locale", "_parent_id") include ("version_title")' },
    ],
  },
]

const extensionInstalled = async (db: pg.Client, name: string): Promise<boolean> =>
  ((await db.query('select 1 from pg_extension where extname = $1', [name])).rowCount ?? 0) > 0

/** Creates a fix's indexes (and the extension they need), then refreshes the statistics and visibility map the planner reads. */
export const applyFix = async (db: pg.Client, fix: Fix): Promise<AppliedFix & { createdExtension: boolean }> => {
  const started = Date.now()
  const createdExtension = fix.extension !== undefined && !(await extensionInstalled(db, fix.extension))
  if (createdExtension) {
    await db.query(`create extension "${fix.extension}"`)
  }
  for (const index of fix.indexes) {
    await db.query(`create index "${index.name}" on "${index.table}" ${index.definition}`)
  }
  for (const table of new Set(fix.indexes.map((index) => index.table))) {
    await db.query(`vacuum analyze "${table}"`)
  }
  return { ...fix, seconds: Math.round((Date.now() - started) / 100) / 10, createdExtension }
}

/** Leaves the database as the migrations made it, for the next trial and the next run that reuses it. */
export const dropFix = async (db: pg.Client, fix: Fix & { createdExtension: boolean }): Promise<void> => {
  for (const index of fix.indexes) {
    await db.query(`drop index if exists "${index.name}"`)
  }
  if (fix.createdExtension && fix.extension) {
    await db.query(`drop extension if exists "${fix.extension}"`)
  }
  for (const table of new Set(fix.indexes.map((index) => index.table))) {
    await db.query(`analyze "${table}"`)
  }
}

/** The SQL of a fix, as a migration would write it. */
export const fixSql = (fix: Fix): string[] => [
  ...(fix.extension ? [`create extension if not exists "${fix.extension}";`] : []),
  ...fix.indexes.map((index) => `create index "${index.name.replace(/^bench_/, '')}" on "${index.table}" ${index.definition};`),
]
