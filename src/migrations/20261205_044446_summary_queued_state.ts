import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_recording_summaries_generation_state" ADD VALUE 'queued' BEFORE 'writing';
  ALTER TYPE "public"."enum__recording_summaries_v_version_generation_state" ADD VALUE 'queued' BEFORE 'writing';`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "recording_summaries" ALTER COLUMN "generation_state" SET DATA TYPE text;
  DROP TYPE "public"."enum_recording_summaries_generation_state";
  CREATE TYPE "public"."enum_recording_summaries_generation_state" AS ENUM('writing', 'written', 'failed');
  ALTER TABLE "recording_summaries" ALTER COLUMN "generation_state" SET DATA TYPE "public"."enum_recording_summaries_generation_state" USING "generation_state"::"public"."enum_recording_summaries_generation_state";
  ALTER TABLE "_recording_summaries_v" ALTER COLUMN "version_generation_state" SET DATA TYPE text;
  DROP TYPE "public"."enum__recording_summaries_v_version_generation_state";
  CREATE TYPE "public"."enum__recording_summaries_v_version_generation_state" AS ENUM('writing', 'written', 'failed');
  ALTER TABLE "_recording_summaries_v" ALTER COLUMN "version_generation_state" SET DATA TYPE "public"."enum__recording_summaries_v_version_generation_state" USING "version_generation_state"::"public"."enum__recording_summaries_v_version_generation_state";`)
}
