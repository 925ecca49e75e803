import { MigrateDownArgs, MigrateUpArgs, sql } from '@payloadcms/db-postgres'

/**
 * Hand-written: the catalog's text indexes answer for one school. Each index holds a published
 * course's lexemes prefixed with its school (`12:python`), so a search reads only that school's
 * candidates; the shared indexes it replaces returned every school's matches first (a common
 * word: every course of all schools at 200,000 courses) for a bitmap AND with the school's
 * 10,000. Built from the stored vectors (`course_search_vectors`) by an expression, so no trigger
 * has to keep them. Each course also carries its tag ids (kept by statement triggers on
 * `courses_rels`), so a search counts tags from the rows it already read instead of probing an
 * index once per match. Payload neither reads nor writes any of these.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
  ALTER TABLE "courses" ADD COLUMN "catalog_tag_ids" integer[] NOT NULL DEFAULT '{}';
  CREATE FUNCTION aqoon_refresh_course_tag_ids(course_ids integer[]) RETURNS void LANGUAGE sql AS $$
    UPDATE courses c SET catalog_tag_ids = coalesce((
      SELECT array_agg(r.tags_id ORDER BY r.tags_id) FROM courses_rels r
      WHERE r.parent_id = c.id AND r.path = 'tags' AND r.tags_id IS NOT NULL), '{}')
    WHERE c.id = ANY(course_ids)
  $$;
  -- One trigger per event: a trigger with transition tables may fire on one event only.
  CREATE FUNCTION aqoon_course_tags_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM aqoon_refresh_course_tag_ids(array(SELECT DISTINCT parent_id FROM new_rels WHERE path = 'tags'));
      ELSIF TG_OP = 'DELETE' THEN
        PERFORM aqoon_refresh_course_tag_ids(array(SELECT DISTINCT parent_id FROM old_rels WHERE path = 'tags'));
      ELSE
        PERFORM aqoon_refresh_course_tag_ids(array(
          SELECT parent_id FROM old_rels WHERE path = 'tags' UNION SELECT parent_id FROM new_rels WHERE path = 'tags'));
      END IF;
      RETURN NULL;
    END
  $$;
  CREATE TRIGGER courses_rels_tags_inserted AFTER INSERT ON "courses_rels"
    REFERENCING NEW TABLE AS new_rels FOR EACH STATEMENT EXECUTE FUNCTION aqoon_course_tags_changed();
  CREATE TRIGGER courses_rels_tags_deleted AFTER DELETE ON "courses_rels"
    REFERENCING OLD TABLE AS old_rels FOR EACH STATEMENT EXECUTE FUNCTION aqoon_course_tags_changed();
  CREATE TRIGGER courses_rels_tags_updated AFTER UPDATE ON "courses_rels"
    REFERENCING OLD TABLE AS old_rels NEW TABLE AS new_rels FOR EACH STATEMENT EXECUTE FUNCTION aqoon_course_tags_changed();
  SELECT aqoon_refresh_course_tag_ids(array(SELECT DISTINCT parent_id FROM courses_rels WHERE path = 'tags'));

  CREATE FUNCTION aqoon_catalog_keys(tenant integer, vector tsvector) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT array_to_tsvector(array(SELECT tenant || ':' || lexeme FROM unnest(vector) WHERE tenant IS NOT NULL))
    $$;
  -- The keys a match must have: every lexeme of the search, as a prefix, in the school's keys.
  CREATE FUNCTION aqoon_catalog_keys_query(tenant integer, vector tsvector) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT string_agg('''' || replace(replace(tenant || ':' || lexeme, '\\', '\\\\'), '''', '''''') || ''':*', ' & ')::tsquery
        FROM unnest(vector)
    $$;
  DROP INDEX IF EXISTS "courses_search_en_idx";
  DROP INDEX IF EXISTS "courses_search_ar_idx";
  DROP INDEX IF EXISTS "courses_search_so_idx";
  CREATE INDEX "courses_catalog_keys_en_idx" ON "courses" USING gin (aqoon_catalog_keys("tenant_id", "search_en"))
    WHERE "_status" = 'published' AND "archived" IS NOT TRUE;
  CREATE INDEX "courses_catalog_keys_ar_idx" ON "courses" USING gin (aqoon_catalog_keys("tenant_id", "search_ar"))
    WHERE "_status" = 'published' AND "archived" IS NOT TRUE;
  CREATE INDEX "courses_catalog_keys_so_idx" ON "courses" USING gin (aqoon_catalog_keys("tenant_id", "search_so"))
    WHERE "_status" = 'published' AND "archived" IS NOT TRUE;`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
  DROP INDEX IF EXISTS "courses_catalog_keys_en_idx";
  DROP INDEX IF EXISTS "courses_catalog_keys_ar_idx";
  DROP INDEX IF EXISTS "courses_catalog_keys_so_idx";
  DROP FUNCTION IF EXISTS aqoon_catalog_keys_query(integer, tsvector);
  DROP FUNCTION IF EXISTS aqoon_catalog_keys(integer, tsvector);
  CREATE INDEX "courses_search_en_idx" ON "courses" USING gin ("search_en");
  CREATE INDEX "courses_search_ar_idx" ON "courses" USING gin ("search_ar");
  CREATE INDEX "courses_search_so_idx" ON "courses" USING gin ("search_so");
  DROP TRIGGER IF EXISTS courses_rels_tags_inserted ON "courses_rels";
  DROP TRIGGER IF EXISTS courses_rels_tags_deleted ON "courses_rels";
  DROP TRIGGER IF EXISTS courses_rels_tags_updated ON "courses_rels";
  DROP FUNCTION IF EXISTS aqoon_course_tags_changed();
  DROP FUNCTION IF EXISTS aqoon_refresh_course_tag_ids(integer[]);
  ALTER TABLE "courses" DROP COLUMN IF EXISTS "catalog_tag_ids";`)
}
