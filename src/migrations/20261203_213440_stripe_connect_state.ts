import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "payment_settings" ADD COLUMN "country" varchar;
  ALTER TABLE "payment_settings" ADD COLUMN "stripe_status_account" varchar;
  ALTER TABLE "payment_settings" ADD COLUMN "stripe_status_charges_enabled" boolean;
  ALTER TABLE "payment_settings" ADD COLUMN "stripe_status_payouts_enabled" boolean;
  ALTER TABLE "payment_settings" ADD COLUMN "stripe_status_details_submitted" boolean;
  ALTER TABLE "payment_settings" ADD COLUMN "stripe_status_requirements_due" varchar;
  ALTER TABLE "payment_settings" ADD COLUMN "stripe_status_disabled_reason" varchar;
  ALTER TABLE "payment_settings" ADD COLUMN "stripe_status_checked_at" timestamp(3) with time zone;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "payment_settings" DROP COLUMN "country";
  ALTER TABLE "payment_settings" DROP COLUMN "stripe_status_account";
  ALTER TABLE "payment_settings" DROP COLUMN "stripe_status_charges_enabled";
  ALTER TABLE "payment_settings" DROP COLUMN "stripe_status_payouts_enabled";
  ALTER TABLE "payment_settings" DROP COLUMN "stripe_status_details_submitted";
  ALTER TABLE "payment_settings" DROP COLUMN "stripe_status_requirements_due";
  ALTER TABLE "payment_settings" DROP COLUMN "stripe_status_disabled_reason";
  ALTER TABLE "payment_settings" DROP COLUMN "stripe_status_checked_at";`)
}
