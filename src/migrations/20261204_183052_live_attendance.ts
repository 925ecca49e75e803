import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_attendance_status" AS ENUM('pending', 'present', 'late', 'left-early', 'absent', 'excused');
  CREATE TYPE "public"."enum_attendance_source" AS ENUM('zoom', 'staff');
  CREATE TYPE "public"."enum_calendar_feeds_status" AS ENUM('active', 'revoked');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'registerZoomStudents';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'reconcileZoomAttendance';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'announceLiveClasses';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'registerZoomStudents';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'reconcileZoomAttendance';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'announceLiveClasses';
  CREATE TABLE "attendance" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"live_class_id" integer NOT NULL,
  	"student_id" integer NOT NULL,
  	"course_id" integer NOT NULL,
  	"status" "enum_attendance_status" DEFAULT 'pending',
  	"minutes" numeric,
  	"share" numeric,
  	"reason" varchar,
  	"first_join_at" timestamp(3) with time zone,
  	"last_leave_at" timestamp(3) with time zone,
  	"source" "enum_attendance_source" DEFAULT 'zoom',
  	"corrected_by_id" integer,
  	"corrected_at" timestamp(3) with time zone,
  	"segments" jsonb,
  	"registration_registrant_id" varchar,
  	"registration_meeting_id" varchar,
  	"registration_join_url" varchar,
  	"registration_registered_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "calendar_feeds" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"course_id" integer,
  	"status" "enum_calendar_feeds_status" DEFAULT 'active',
  	"owner_id" integer,
  	"hint" varchar,
  	"token_hash" varchar,
  	"revoked_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "courses" ADD COLUMN "min_attendance_share" numeric;
  ALTER TABLE "_courses_v" ADD COLUMN "version_min_attendance_share" numeric;
  ALTER TABLE "live_classes" ADD COLUMN "grace_minutes" numeric DEFAULT 10;
  ALTER TABLE "live_classes" ADD COLUMN "started_at" timestamp(3) with time zone;
  ALTER TABLE "live_classes" ADD COLUMN "ended_at" timestamp(3) with time zone;
  ALTER TABLE "live_classes" ADD COLUMN "starting_soon_at" timestamp(3) with time zone;
  ALTER TABLE "live_classes" ADD COLUMN "zoom_meeting_uuid" varchar;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "attendance_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "calendar_feeds_id" integer;
  ALTER TABLE "attendance" ADD CONSTRAINT "attendance_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "attendance" ADD CONSTRAINT "attendance_live_class_id_live_classes_id_fk" FOREIGN KEY ("live_class_id") REFERENCES "public"."live_classes"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "attendance" ADD CONSTRAINT "attendance_student_id_users_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "attendance" ADD CONSTRAINT "attendance_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "attendance" ADD CONSTRAINT "attendance_corrected_by_id_users_id_fk" FOREIGN KEY ("corrected_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "calendar_feeds" ADD CONSTRAINT "calendar_feeds_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "attendance_tenant_idx" ON "attendance" USING btree ("tenant_id");
  CREATE INDEX "attendance_live_class_idx" ON "attendance" USING btree ("live_class_id");
  CREATE INDEX "attendance_student_idx" ON "attendance" USING btree ("student_id");
  CREATE INDEX "attendance_course_idx" ON "attendance" USING btree ("course_id");
  CREATE INDEX "attendance_status_idx" ON "attendance" USING btree ("status");
  CREATE INDEX "attendance_corrected_by_idx" ON "attendance" USING btree ("corrected_by_id");
  CREATE INDEX "attendance_registration_registration_registrant_id_idx" ON "attendance" USING btree ("registration_registrant_id");
  CREATE INDEX "attendance_updated_at_idx" ON "attendance" USING btree ("updated_at");
  CREATE INDEX "attendance_created_at_idx" ON "attendance" USING btree ("created_at");
  CREATE UNIQUE INDEX "liveClass_student_idx" ON "attendance" USING btree ("live_class_id","student_id");
  CREATE INDEX "calendar_feeds_tenant_idx" ON "calendar_feeds" USING btree ("tenant_id");
  CREATE INDEX "calendar_feeds_course_idx" ON "calendar_feeds" USING btree ("course_id");
  CREATE INDEX "calendar_feeds_owner_idx" ON "calendar_feeds" USING btree ("owner_id");
  CREATE UNIQUE INDEX "calendar_feeds_token_hash_idx" ON "calendar_feeds" USING btree ("token_hash");
  CREATE INDEX "calendar_feeds_updated_at_idx" ON "calendar_feeds" USING btree ("updated_at");
  CREATE INDEX "calendar_feeds_created_at_idx" ON "calendar_feeds" USING btree ("created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_attendance_fk" FOREIGN KEY ("attendance_id") REFERENCES "public"."attendance"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_calendar_feeds_fk" FOREIGN KEY ("calendar_feeds_id") REFERENCES "public"."calendar_feeds"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_attendance_id_idx" ON "payload_locked_documents_rels" USING btree ("attendance_id");
  CREATE INDEX "payload_locked_documents_rels_calendar_feeds_id_idx" ON "payload_locked_documents_rels" USING btree ("calendar_feeds_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "attendance" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "calendar_feeds" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "attendance" CASCADE;
  DROP TABLE "calendar_feeds" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_attendance_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_calendar_feeds_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'expireEnrollments', 'issueCertificate', 'sendNotification', 'deliverInvoice', 'applyProviderEvents', 'suspendLapsedSeats', 'syncZoomMeeting');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'expireEnrollments', 'issueCertificate', 'sendNotification', 'deliverInvoice', 'applyProviderEvents', 'suspendLapsedSeats', 'syncZoomMeeting');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "payload_locked_documents_rels_attendance_id_idx";
  DROP INDEX "payload_locked_documents_rels_calendar_feeds_id_idx";
  ALTER TABLE "courses" DROP COLUMN "min_attendance_share";
  ALTER TABLE "_courses_v" DROP COLUMN "version_min_attendance_share";
  ALTER TABLE "live_classes" DROP COLUMN "grace_minutes";
  ALTER TABLE "live_classes" DROP COLUMN "started_at";
  ALTER TABLE "live_classes" DROP COLUMN "ended_at";
  ALTER TABLE "live_classes" DROP COLUMN "starting_soon_at";
  ALTER TABLE "live_classes" DROP COLUMN "zoom_meeting_uuid";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "attendance_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "calendar_feeds_id";
  DROP TYPE "public"."enum_attendance_status";
  DROP TYPE "public"."enum_attendance_source";
  DROP TYPE "public"."enum_calendar_feeds_status";`)
}
