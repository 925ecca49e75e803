import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "zoom_settings" ADD COLUMN "connection_checked_at" timestamp(3) with time zone;
  ALTER TABLE "zoom_settings" ADD COLUMN "connection_ok" boolean;
  ALTER TABLE "zoom_settings" ADD COLUMN "connection_message" varchar;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "zoom_settings" DROP COLUMN "connection_checked_at";
  ALTER TABLE "zoom_settings" DROP COLUMN "connection_ok";
  ALTER TABLE "zoom_settings" DROP COLUMN "connection_message";`)
}
