import { MigrateDownArgs, MigrateUpArgs, sql } from '@payloadcms/db-postgres'

/**
 * Hand-written: each course row carries a weighted search vector per locale (title A,
 * summary B), kept by a trigger on `courses_locales`. Matching and ranking then read
 * one column, and PostgreSQL can combine the school's btree index with the vector's GIN
 * index instead of matching every school's courses first. Payload neither reads nor
 * writes these columns. Replaces the expression indexes of `courses_and_enrollments`.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
  DROP INDEX IF EXISTS "courses_locales_search_en";
  DROP INDEX IF EXISTS "courses_locales_search_ar";
  DROP INDEX IF EXISTS "courses_locales_search_so";
  ALTER TABLE "courses" ADD COLUMN "search_en" tsvector, ADD COLUMN "search_ar" tsvector, ADD COLUMN "search_so" tsvector;

  CREATE FUNCTION aqoon_course_search_vector(locale text, title text, summary text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT setweight(to_tsvector(CASE WHEN locale = 'en' THEN 'english'::regconfig ELSE 'simple'::regconfig END, aqoon_search_text(title)), 'A')
          || setweight(to_tsvector(CASE WHEN locale = 'en' THEN 'english'::regconfig ELSE 'simple'::regconfig END, aqoon_search_text(summary)), 'B')
    $$;

  CREATE FUNCTION aqoon_refresh_course_search() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      parent integer := CASE WHEN TG_OP = 'DELETE' THEN OLD._parent_id ELSE NEW._parent_id END;
      locale text := CASE WHEN TG_OP = 'DELETE' THEN OLD._locale::text ELSE NEW._locale::text END;
      vector tsvector;
    BEGIN
      SELECT aqoon_course_search_vector(l._locale::text, l.title, l.summary) INTO vector
        FROM courses_locales l WHERE l._parent_id = parent AND l._locale::text = locale;
      IF locale = 'en' THEN UPDATE courses SET search_en = vector WHERE id = parent;
      ELSIF locale = 'ar' THEN UPDATE courses SET search_ar = vector WHERE id = parent;
      ELSIF locale = 'so' THEN UPDATE courses SET search_so = vector WHERE id = parent;
      END IF;
      RETURN NULL;
    END
  $$;
  CREATE TRIGGER courses_locales_search AFTER INSERT OR UPDATE OR DELETE ON "courses_locales"
    FOR EACH ROW EXECUTE FUNCTION aqoon_refresh_course_search();

  UPDATE courses c SET
    search_en = (SELECT aqoon_course_search_vector('en', l.title, l.summary) FROM courses_locales l WHERE l._parent_id = c.id AND l._locale = 'en'),
    search_ar = (SELECT aqoon_course_search_vector('ar', l.title, l.summary) FROM courses_locales l WHERE l._parent_id = c.id AND l._locale = 'ar'),
    search_so = (SELECT aqoon_course_search_vector('so', l.title, l.summary) FROM courses_locales l WHERE l._parent_id = c.id AND l._locale = 'so');

  CREATE INDEX "courses_search_en_idx" ON "courses" USING gin ("search_en");
  CREATE INDEX "courses_search_ar_idx" ON "courses" USING gin ("search_ar");
  CREATE INDEX "courses_search_so_idx" ON "courses" USING gin ("search_so");`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
  DROP TRIGGER IF EXISTS courses_locales_search ON "courses_locales";
  DROP FUNCTION IF EXISTS aqoon_refresh_course_search();
  DROP FUNCTION IF EXISTS aqoon_course_search_vector(text, text, text);
  ALTER TABLE "courses" DROP COLUMN IF EXISTS "search_en", DROP COLUMN IF EXISTS "search_ar", DROP COLUMN IF EXISTS "search_so";`)
}
