import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_recording_summaries_generation_state" AS ENUM('writing', 'written', 'failed');
  CREATE TYPE "public"."enum_recording_summaries_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__recording_summaries_v_version_generation_state" AS ENUM('writing', 'written', 'failed');
  CREATE TYPE "public"."enum__recording_summaries_v_version_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__recording_summaries_v_published_locale" AS ENUM('en', 'ar', 'so');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'summarizeRecording';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'summarizeRecording';
  CREATE TABLE "recording_summaries_key_points" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"at" numeric,
  	"timestamp" varchar
  );
  
  CREATE TABLE "recording_summaries_key_points_locales" (
  	"text" varchar,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" varchar NOT NULL
  );
  
  CREATE TABLE "recording_summaries" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"course_id" integer,
  	"live_class_id" integer,
  	"recording_id" integer,
  	"generation_state" "enum_recording_summaries_generation_state",
  	"generation_started_at" timestamp(3) with time zone,
  	"generation_written_at" timestamp(3) with time zone,
  	"generation_dropped_key_points" numeric,
  	"generation_ledger" numeric,
  	"generation_error" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"_status" "enum_recording_summaries_status" DEFAULT 'draft'
  );
  
  CREATE TABLE "recording_summaries_locales" (
  	"title" varchar,
  	"summary" varchar,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" integer NOT NULL
  );
  
  CREATE TABLE "_recording_summaries_v_version_key_points" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"at" numeric,
  	"timestamp" varchar,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_recording_summaries_v_version_key_points_locales" (
  	"text" varchar,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" integer NOT NULL
  );
  
  CREATE TABLE "_recording_summaries_v" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"parent_id" integer,
  	"version_tenant_id" integer,
  	"version_course_id" integer,
  	"version_live_class_id" integer,
  	"version_recording_id" integer,
  	"version_generation_state" "enum__recording_summaries_v_version_generation_state",
  	"version_generation_started_at" timestamp(3) with time zone,
  	"version_generation_written_at" timestamp(3) with time zone,
  	"version_generation_dropped_key_points" numeric,
  	"version_generation_ledger" numeric,
  	"version_generation_error" varchar,
  	"version_updated_at" timestamp(3) with time zone,
  	"version_created_at" timestamp(3) with time zone,
  	"version__status" "enum__recording_summaries_v_version_status" DEFAULT 'draft',
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"snapshot" boolean,
  	"published_locale" "enum__recording_summaries_v_published_locale",
  	"latest" boolean
  );
  
  CREATE TABLE "_recording_summaries_v_locales" (
  	"version_title" varchar,
  	"version_summary" varchar,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" integer NOT NULL
  );
  
  ALTER TABLE "quizzes" ADD COLUMN "generated_source" varchar;
  ALTER TABLE "quizzes" ADD COLUMN "generated_dropped_questions" numeric;
  ALTER TABLE "quizzes" ADD COLUMN "generated_ledger" numeric;
  ALTER TABLE "_quizzes_v" ADD COLUMN "version_generated_source" varchar;
  ALTER TABLE "_quizzes_v" ADD COLUMN "version_generated_dropped_questions" numeric;
  ALTER TABLE "_quizzes_v" ADD COLUMN "version_generated_ledger" numeric;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "recording_summaries_id" integer;
  ALTER TABLE "recording_summaries_key_points" ADD CONSTRAINT "recording_summaries_key_points_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."recording_summaries"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "recording_summaries_key_points_locales" ADD CONSTRAINT "recording_summaries_key_points_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."recording_summaries_key_points"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "recording_summaries" ADD CONSTRAINT "recording_summaries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "recording_summaries" ADD CONSTRAINT "recording_summaries_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "recording_summaries" ADD CONSTRAINT "recording_summaries_live_class_id_live_classes_id_fk" FOREIGN KEY ("live_class_id") REFERENCES "public"."live_classes"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "recording_summaries" ADD CONSTRAINT "recording_summaries_recording_id_recordings_id_fk" FOREIGN KEY ("recording_id") REFERENCES "public"."recordings"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "recording_summaries_locales" ADD CONSTRAINT "recording_summaries_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."recording_summaries"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_recording_summaries_v_version_key_points" ADD CONSTRAINT "_recording_summaries_v_version_key_points_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_recording_summaries_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_recording_summaries_v_version_key_points_locales" ADD CONSTRAINT "_recording_summaries_v_version_key_points_locales_parent__fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_recording_summaries_v_version_key_points"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_recording_summaries_v" ADD CONSTRAINT "_recording_summaries_v_parent_id_recording_summaries_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."recording_summaries"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_recording_summaries_v" ADD CONSTRAINT "_recording_summaries_v_version_tenant_id_tenants_id_fk" FOREIGN KEY ("version_tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_recording_summaries_v" ADD CONSTRAINT "_recording_summaries_v_version_course_id_courses_id_fk" FOREIGN KEY ("version_course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_recording_summaries_v" ADD CONSTRAINT "_recording_summaries_v_version_live_class_id_live_classes_id_fk" FOREIGN KEY ("version_live_class_id") REFERENCES "public"."live_classes"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_recording_summaries_v" ADD CONSTRAINT "_recording_summaries_v_version_recording_id_recordings_id_fk" FOREIGN KEY ("version_recording_id") REFERENCES "public"."recordings"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_recording_summaries_v_locales" ADD CONSTRAINT "_recording_summaries_v_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_recording_summaries_v"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "recording_summaries_key_points_order_idx" ON "recording_summaries_key_points" USING btree ("_order");
  CREATE INDEX "recording_summaries_key_points_parent_id_idx" ON "recording_summaries_key_points" USING btree ("_parent_id");
  CREATE UNIQUE INDEX "recording_summaries_key_points_locales_locale_parent_id_uniq" ON "recording_summaries_key_points_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "recording_summaries_tenant_idx" ON "recording_summaries" USING btree ("tenant_id");
  CREATE INDEX "recording_summaries_course_idx" ON "recording_summaries" USING btree ("course_id");
  CREATE INDEX "recording_summaries_live_class_idx" ON "recording_summaries" USING btree ("live_class_id");
  CREATE UNIQUE INDEX "recording_summaries_recording_idx" ON "recording_summaries" USING btree ("recording_id");
  CREATE INDEX "recording_summaries_generation_generation_state_idx" ON "recording_summaries" USING btree ("generation_state");
  CREATE INDEX "recording_summaries_updated_at_idx" ON "recording_summaries" USING btree ("updated_at");
  CREATE INDEX "recording_summaries_created_at_idx" ON "recording_summaries" USING btree ("created_at");
  CREATE INDEX "recording_summaries__status_idx" ON "recording_summaries" USING btree ("_status");
  CREATE UNIQUE INDEX "recording_summaries_locales_locale_parent_id_unique" ON "recording_summaries_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "_recording_summaries_v_version_key_points_order_idx" ON "_recording_summaries_v_version_key_points" USING btree ("_order");
  CREATE INDEX "_recording_summaries_v_version_key_points_parent_id_idx" ON "_recording_summaries_v_version_key_points" USING btree ("_parent_id");
  CREATE UNIQUE INDEX "_recording_summaries_v_version_key_points_locales_locale_par" ON "_recording_summaries_v_version_key_points_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "_recording_summaries_v_parent_idx" ON "_recording_summaries_v" USING btree ("parent_id");
  CREATE INDEX "_recording_summaries_v_version_version_tenant_idx" ON "_recording_summaries_v" USING btree ("version_tenant_id");
  CREATE INDEX "_recording_summaries_v_version_version_course_idx" ON "_recording_summaries_v" USING btree ("version_course_id");
  CREATE INDEX "_recording_summaries_v_version_version_live_class_idx" ON "_recording_summaries_v" USING btree ("version_live_class_id");
  CREATE INDEX "_recording_summaries_v_version_version_recording_idx" ON "_recording_summaries_v" USING btree ("version_recording_id");
  CREATE INDEX "_recording_summaries_v_version_generation_version_genera_idx" ON "_recording_summaries_v" USING btree ("version_generation_state");
  CREATE INDEX "_recording_summaries_v_version_version_updated_at_idx" ON "_recording_summaries_v" USING btree ("version_updated_at");
  CREATE INDEX "_recording_summaries_v_version_version_created_at_idx" ON "_recording_summaries_v" USING btree ("version_created_at");
  CREATE INDEX "_recording_summaries_v_version_version__status_idx" ON "_recording_summaries_v" USING btree ("version__status");
  CREATE INDEX "_recording_summaries_v_created_at_idx" ON "_recording_summaries_v" USING btree ("created_at");
  CREATE INDEX "_recording_summaries_v_updated_at_idx" ON "_recording_summaries_v" USING btree ("updated_at");
  CREATE INDEX "_recording_summaries_v_snapshot_idx" ON "_recording_summaries_v" USING btree ("snapshot");
  CREATE INDEX "_recording_summaries_v_published_locale_idx" ON "_recording_summaries_v" USING btree ("published_locale");
  CREATE INDEX "_recording_summaries_v_latest_idx" ON "_recording_summaries_v" USING btree ("latest");
  CREATE UNIQUE INDEX "_recording_summaries_v_locales_locale_parent_id_unique" ON "_recording_summaries_v_locales" USING btree ("_locale","_parent_id");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_recording_summaries_fk" FOREIGN KEY ("recording_summaries_id") REFERENCES "public"."recording_summaries"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_recording_summaries_id_idx" ON "payload_locked_documents_rels" USING btree ("recording_summaries_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "recording_summaries_key_points" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "recording_summaries_key_points_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "recording_summaries" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "recording_summaries_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_recording_summaries_v_version_key_points" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_recording_summaries_v_version_key_points_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_recording_summaries_v" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_recording_summaries_v_locales" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "recording_summaries_key_points" CASCADE;
  DROP TABLE "recording_summaries_key_points_locales" CASCADE;
  DROP TABLE "recording_summaries" CASCADE;
  DROP TABLE "recording_summaries_locales" CASCADE;
  DROP TABLE "_recording_summaries_v_version_key_points" CASCADE;
  DROP TABLE "_recording_summaries_v_version_key_points_locales" CASCADE;
  DROP TABLE "_recording_summaries_v" CASCADE;
  DROP TABLE "_recording_summaries_v_locales" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_recording_summaries_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'expireEnrollments', 'issueCertificate', 'sendNotification', 'deliverInvoice', 'applyProviderEvents', 'suspendLapsedSeats', 'syncZoomMeeting', 'registerZoomStudents', 'reconcileZoomAttendance', 'announceLiveClasses', 'copyZoomRecordings', 'tendRecordings', 'removeRecordingFile', 'closeQuizAttempts', 'releaseAiReservations');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'expireEnrollments', 'issueCertificate', 'sendNotification', 'deliverInvoice', 'applyProviderEvents', 'suspendLapsedSeats', 'syncZoomMeeting', 'registerZoomStudents', 'reconcileZoomAttendance', 'announceLiveClasses', 'copyZoomRecordings', 'tendRecordings', 'removeRecordingFile', 'closeQuizAttempts', 'releaseAiReservations');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "payload_locked_documents_rels_recording_summaries_id_idx";
  ALTER TABLE "quizzes" DROP COLUMN "generated_source";
  ALTER TABLE "quizzes" DROP COLUMN "generated_dropped_questions";
  ALTER TABLE "quizzes" DROP COLUMN "generated_ledger";
  ALTER TABLE "_quizzes_v" DROP COLUMN "version_generated_source";
  ALTER TABLE "_quizzes_v" DROP COLUMN "version_generated_dropped_questions";
  ALTER TABLE "_quizzes_v" DROP COLUMN "version_generated_ledger";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "recording_summaries_id";
  DROP TYPE "public"."enum_recording_summaries_generation_state";
  DROP TYPE "public"."enum_recording_summaries_status";
  DROP TYPE "public"."enum__recording_summaries_v_version_generation_state";
  DROP TYPE "public"."enum__recording_summaries_v_version_status";
  DROP TYPE "public"."enum__recording_summaries_v_published_locale";`)
}
