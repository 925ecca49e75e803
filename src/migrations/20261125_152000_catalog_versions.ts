import { MigrateDownArgs, MigrateUpArgs, sql } from '@payloadcms/db-postgres'

/**
 * Hand-written: a version number per school that moves whenever anything its public
 * catalog shows changes (courses, categories, tags, media), kept by triggers so every
 * writer counts, Payload or not. The catalog endpoint reads one row to know whether a
 * cached answer still holds.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
  CREATE TABLE "catalog_versions" (
    "tenant_id" integer PRIMARY KEY REFERENCES "tenants"("id") ON DELETE CASCADE,
    "version" bigint NOT NULL DEFAULT 0,
    "changed_at" timestamp(3) with time zone NOT NULL DEFAULT now()
  );
  CREATE FUNCTION aqoon_bump_catalog_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP <> 'INSERT' AND OLD.tenant_id IS NOT NULL THEN
        INSERT INTO catalog_versions (tenant_id, version) VALUES (OLD.tenant_id, 1)
          ON CONFLICT (tenant_id) DO UPDATE SET version = catalog_versions.version + 1, changed_at = now();
      END IF;
      IF TG_OP <> 'DELETE' AND NEW.tenant_id IS NOT NULL
        AND (TG_OP = 'INSERT' OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id) THEN
        INSERT INTO catalog_versions (tenant_id, version) VALUES (NEW.tenant_id, 1)
          ON CONFLICT (tenant_id) DO UPDATE SET version = catalog_versions.version + 1, changed_at = now();
      END IF;
      RETURN NULL;
    END
  $$;
  CREATE TRIGGER courses_catalog_version AFTER INSERT OR UPDATE OR DELETE ON "courses"
    FOR EACH ROW EXECUTE FUNCTION aqoon_bump_catalog_version();
  CREATE TRIGGER categories_catalog_version AFTER INSERT OR UPDATE OR DELETE ON "categories"
    FOR EACH ROW EXECUTE FUNCTION aqoon_bump_catalog_version();
  CREATE TRIGGER tags_catalog_version AFTER INSERT OR UPDATE OR DELETE ON "tags"
    FOR EACH ROW EXECUTE FUNCTION aqoon_bump_catalog_version();
  CREATE TRIGGER media_catalog_version AFTER INSERT OR UPDATE OR DELETE ON "media"
    FOR EACH ROW EXECUTE FUNCTION aqoon_bump_catalog_version();`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
  DROP TRIGGER IF EXISTS courses_catalog_version ON "courses";
  DROP TRIGGER IF EXISTS categories_catalog_version ON "categories";
  DROP TRIGGER IF EXISTS tags_catalog_version ON "tags";
  DROP TRIGGER IF EXISTS media_catalog_version ON "media";
  DROP FUNCTION IF EXISTS aqoon_bump_catalog_version();
  DROP TABLE IF EXISTS "catalog_versions";`)
}
