import { MigrateDownArgs, MigrateUpArgs, sql } from '@payloadcms/db-postgres'

/**
 * Hand-written: indexes for the admin panel's list views at scale (bench/admin). Payload's search
 * box matches with `ilike '%word%'`, which no btree serves: trigram indexes (pg_trgm, a trusted
 * extension any database owner may create) let the page and its count skip the scan of every
 * row. Sorting courses by their localized title makes Payload select DISTINCT over the latest
 * versions and count them grouped by id: a partial index of the latest versions and a covering
 * index of the titles keep both off the table's rows.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE INDEX "courses_v_locales_version_title_trgm_idx" ON "_courses_v_locales" USING gin ("version_title" gin_trgm_ops);
  CREATE INDEX "enrollments_title_trgm_idx" ON "enrollments" USING gin ("title" gin_trgm_ops);
  CREATE INDEX "audit_logs_actor_label_trgm_idx" ON "audit_logs" USING gin ("actor_label" gin_trgm_ops);
  CREATE INDEX "audit_logs_document_id_trgm_idx" ON "audit_logs" USING gin ("document_id" gin_trgm_ops);
  CREATE INDEX "courses_v_latest_id_idx" ON "_courses_v" ("id") WHERE "latest";
  CREATE INDEX "courses_v_locales_title_cover_idx" ON "_courses_v_locales" ("_locale", "_parent_id") INCLUDE ("version_title");`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
  DROP INDEX IF EXISTS "courses_v_locales_title_cover_idx";
  DROP INDEX IF EXISTS "courses_v_latest_id_idx";
  DROP INDEX IF EXISTS "audit_logs_document_id_trgm_idx";
  DROP INDEX IF EXISTS "audit_logs_actor_label_trgm_idx";
  DROP INDEX IF EXISTS "enrollments_title_trgm_idx";
  DROP INDEX IF EXISTS "courses_v_locales_version_title_trgm_idx";`)
}
