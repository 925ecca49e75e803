import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE INDEX "media_public_idx" ON "media" USING btree ("public");`)
  // "public" is kept by the system from now on: a file is public while the school's logo, or the
  // cover or a description image of a published, non-archived course, uses it.
  await db.execute(sql`
   UPDATE "media" SET "public" = (
     "id" IN (SELECT "branding_logo_id" FROM "tenants" WHERE "branding_logo_id" IS NOT NULL)
     OR "id" IN (SELECT "cover_id" FROM "courses" WHERE "_status" = 'published' AND "archived" IS NOT TRUE AND "cover_id" IS NOT NULL)
     OR "id" IN (
       SELECT (node ->> 'value')::integer
       FROM "courses" c
       JOIN "courses_locales" l ON l."_parent_id" = c."id"
       CROSS JOIN LATERAL jsonb_path_query(l."description"::jsonb, 'strict $.**') AS node
       WHERE c."_status" = 'published' AND c."archived" IS NOT TRUE
         AND jsonb_typeof(node) = 'object' AND node ->> 'relationTo' = 'media' AND (node ->> 'value') ~ '^[0-9]{1,9}$'
     )
   );`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP INDEX "media_public_idx";`)
}
