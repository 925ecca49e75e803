import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "live_classes" ADD COLUMN "series" varchar;
  CREATE INDEX "live_classes_series_idx" ON "live_classes" USING btree ("series");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP INDEX "live_classes_series_idx";
  ALTER TABLE "live_classes" DROP COLUMN "series";`)
}
