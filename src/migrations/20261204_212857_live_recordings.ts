import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_recordings_kind" AS ENUM('video', 'audio', 'transcript');
  CREATE TYPE "public"."enum_recordings_status" AS ENUM('pending', 'copying', 'stored', 'failed');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'copyZoomRecordings';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'tendRecordings';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'removeRecordingFile';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'copyZoomRecordings';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'tendRecordings';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'removeRecordingFile';
  CREATE TABLE "recordings" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"live_class_id" integer NOT NULL,
  	"course_id" integer NOT NULL,
  	"kind" "enum_recordings_kind" NOT NULL,
  	"status" "enum_recordings_status" DEFAULT 'pending' NOT NULL,
  	"name" varchar,
  	"mime_type" varchar,
  	"size" numeric,
  	"expected_size" numeric,
  	"sha256" varchar,
  	"recorded_from" timestamp(3) with time zone,
  	"recorded_until" timestamp(3) with time zone,
  	"stored_at" timestamp(3) with time zone,
  	"retain_until" timestamp(3) with time zone,
  	"zoom_deleted_at" timestamp(3) with time zone,
  	"transcript" varchar,
  	"filename" varchar,
  	"announced" boolean DEFAULT false,
  	"error" varchar,
  	"attempts" numeric,
  	"zoom_file_id" varchar,
  	"zoom_meeting_uuid" varchar,
  	"download_url" varchar,
  	"download_token" varchar,
  	"claimed_at" timestamp(3) with time zone,
  	"claim_token" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "zoom_settings" ADD COLUMN "recording_retention_days" numeric DEFAULT 365;
  ALTER TABLE "zoom_settings" ADD COLUMN "delete_from_zoom_after_copy" boolean DEFAULT false;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "recordings_id" integer;
  ALTER TABLE "recordings" ADD CONSTRAINT "recordings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "recordings" ADD CONSTRAINT "recordings_live_class_id_live_classes_id_fk" FOREIGN KEY ("live_class_id") REFERENCES "public"."live_classes"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "recordings" ADD CONSTRAINT "recordings_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "recordings_tenant_idx" ON "recordings" USING btree ("tenant_id");
  CREATE INDEX "recordings_live_class_idx" ON "recordings" USING btree ("live_class_id");
  CREATE INDEX "recordings_course_idx" ON "recordings" USING btree ("course_id");
  CREATE INDEX "recordings_status_idx" ON "recordings" USING btree ("status");
  CREATE INDEX "recordings_retain_until_idx" ON "recordings" USING btree ("retain_until");
  CREATE UNIQUE INDEX "recordings_zoom_file_id_idx" ON "recordings" USING btree ("zoom_file_id");
  CREATE INDEX "recordings_updated_at_idx" ON "recordings" USING btree ("updated_at");
  CREATE INDEX "recordings_created_at_idx" ON "recordings" USING btree ("created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_recordings_fk" FOREIGN KEY ("recordings_id") REFERENCES "public"."recordings"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_recordings_id_idx" ON "payload_locked_documents_rels" USING btree ("recordings_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "recordings" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "recordings" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_recordings_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'expireEnrollments', 'issueCertificate', 'sendNotification', 'deliverInvoice', 'applyProviderEvents', 'suspendLapsedSeats', 'syncZoomMeeting', 'registerZoomStudents', 'reconcileZoomAttendance', 'announceLiveClasses');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'expireEnrollments', 'issueCertificate', 'sendNotification', 'deliverInvoice', 'applyProviderEvents', 'suspendLapsedSeats', 'syncZoomMeeting', 'registerZoomStudents', 'reconcileZoomAttendance', 'announceLiveClasses');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "payload_locked_documents_rels_recordings_id_idx";
  ALTER TABLE "zoom_settings" DROP COLUMN "recording_retention_days";
  ALTER TABLE "zoom_settings" DROP COLUMN "delete_from_zoom_after_copy";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "recordings_id";
  DROP TYPE "public"."enum_recordings_kind";
  DROP TYPE "public"."enum_recordings_status";`)
}
