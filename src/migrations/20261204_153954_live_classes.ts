import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_live_classes_status" AS ENUM('scheduled', 'live', 'ended', 'cancelled');
  CREATE TYPE "public"."enum_live_classes_zoom_state" AS ENUM('waiting', 'ready', 'failed', 'removed');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'syncZoomMeeting';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'syncZoomMeeting';
  CREATE TABLE "live_classes" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"course_id" integer NOT NULL,
  	"starts_at" timestamp(3) with time zone NOT NULL,
  	"duration_minutes" numeric DEFAULT 60 NOT NULL,
  	"host_id" integer NOT NULL,
  	"status" "enum_live_classes_status" DEFAULT 'scheduled',
  	"zoom_host_email" varchar,
  	"zoom_meeting_id" varchar,
  	"zoom_meeting_host" varchar,
  	"zoom_state" "enum_live_classes_zoom_state",
  	"zoom_problem" varchar,
  	"zoom_synced_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "live_classes_locales" (
  	"title" varchar NOT NULL,
  	"agenda" varchar,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" integer NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "live_classes_id" integer;
  ALTER TABLE "live_classes" ADD CONSTRAINT "live_classes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "live_classes" ADD CONSTRAINT "live_classes_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "live_classes" ADD CONSTRAINT "live_classes_host_id_users_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "live_classes_locales" ADD CONSTRAINT "live_classes_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."live_classes"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "live_classes_tenant_idx" ON "live_classes" USING btree ("tenant_id");
  CREATE INDEX "live_classes_course_idx" ON "live_classes" USING btree ("course_id");
  CREATE INDEX "live_classes_starts_at_idx" ON "live_classes" USING btree ("starts_at");
  CREATE INDEX "live_classes_host_idx" ON "live_classes" USING btree ("host_id");
  CREATE INDEX "live_classes_status_idx" ON "live_classes" USING btree ("status");
  CREATE INDEX "live_classes_zoom_zoom_meeting_id_idx" ON "live_classes" USING btree ("zoom_meeting_id");
  CREATE INDEX "live_classes_updated_at_idx" ON "live_classes" USING btree ("updated_at");
  CREATE INDEX "live_classes_created_at_idx" ON "live_classes" USING btree ("created_at");
  CREATE UNIQUE INDEX "live_classes_locales_locale_parent_id_unique" ON "live_classes_locales" USING btree ("_locale","_parent_id");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_live_classes_fk" FOREIGN KEY ("live_classes_id") REFERENCES "public"."live_classes"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_live_classes_id_idx" ON "payload_locked_documents_rels" USING btree ("live_classes_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "live_classes" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "live_classes_locales" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "live_classes" CASCADE;
  DROP TABLE "live_classes_locales" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_live_classes_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'expireEnrollments', 'issueCertificate', 'sendNotification', 'deliverInvoice', 'applyProviderEvents', 'suspendLapsedSeats');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'expireEnrollments', 'issueCertificate', 'sendNotification', 'deliverInvoice', 'applyProviderEvents', 'suspendLapsedSeats');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "payload_locked_documents_rels_live_classes_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "live_classes_id";
  DROP TYPE "public"."enum_live_classes_status";
  DROP TYPE "public"."enum_live_classes_zoom_state";`)
}
