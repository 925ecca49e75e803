import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

// People's preferences and mail log go with them (set null, as generated, cannot hold on a required column).
export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_tenants_notification_defaults_courses" AS ENUM('immediate', 'daily', 'weekly', 'never');
  CREATE TYPE "public"."enum_tenants_notification_defaults_grades" AS ENUM('immediate', 'daily', 'weekly', 'never');
  CREATE TYPE "public"."enum_tenants_notification_defaults_live_classes" AS ENUM('immediate', 'daily', 'weekly', 'never');
  CREATE TYPE "public"."enum_tenants_notification_defaults_course_updates" AS ENUM('immediate', 'daily', 'weekly', 'never');
  CREATE TYPE "public"."enum_tenants_notification_defaults_payments" AS ENUM('immediate', 'daily', 'weekly', 'never');
  CREATE TYPE "public"."enum_tenants_notification_defaults_teaching" AS ENUM('immediate', 'daily', 'weekly', 'never');
  CREATE TYPE "public"."enum_notification_preferences_email_courses" AS ENUM('immediate', 'daily', 'weekly', 'never');
  CREATE TYPE "public"."enum_notification_preferences_email_grades" AS ENUM('immediate', 'daily', 'weekly', 'never');
  CREATE TYPE "public"."enum_notification_preferences_email_live_classes" AS ENUM('immediate', 'daily', 'weekly', 'never');
  CREATE TYPE "public"."enum_notification_preferences_email_course_updates" AS ENUM('immediate', 'daily', 'weekly', 'never');
  CREATE TYPE "public"."enum_notification_preferences_email_payments" AS ENUM('immediate', 'daily', 'weekly', 'never');
  CREATE TYPE "public"."enum_notification_preferences_email_teaching" AS ENUM('immediate', 'daily', 'weekly', 'never');
  CREATE TYPE "public"."enum_notification_preferences_in_app_courses" AS ENUM('shown', 'hidden');
  CREATE TYPE "public"."enum_notification_preferences_in_app_grades" AS ENUM('shown', 'hidden');
  CREATE TYPE "public"."enum_notification_preferences_in_app_live_classes" AS ENUM('shown', 'hidden');
  CREATE TYPE "public"."enum_notification_preferences_in_app_course_updates" AS ENUM('shown', 'hidden');
  CREATE TYPE "public"."enum_notification_preferences_in_app_payments" AS ENUM('shown', 'hidden');
  CREATE TYPE "public"."enum_notification_preferences_in_app_teaching" AS ENUM('shown', 'hidden');
  CREATE TYPE "public"."enum_notification_emails_kind" AS ENUM('enrollment-approved', 'enrollment-declined', 'course-completed', 'certificate-issued', 'grade-released', 'quiz-closed', 'class-scheduled', 'class-starting-soon', 'recording-available', 'summary-published', 'quiz-published', 'payment-received', 'payment-failed', 'payment-refunded', 'seats-payment-due', 'seats-suspended', 'enrollment-requested', 'submission-handed-in', 'proof-uploaded', 'tutor-flag', 'summary-drafted');
  CREATE TYPE "public"."enum_notification_emails_category" AS ENUM('courses', 'grades', 'live-classes', 'course-updates', 'payments', 'teaching');
  CREATE TYPE "public"."enum_notification_emails_locale" AS ENUM('en', 'ar', 'so');
  CREATE TYPE "public"."enum_notification_emails_frequency" AS ENUM('immediate', 'daily', 'weekly');
  CREATE TYPE "public"."enum_notification_emails_state" AS ENUM('waiting', 'queued', 'sending', 'sent', 'deferred', 'bounced', 'failed', 'suppressed', 'cancelled');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'sendNotificationDigests';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'sendNotificationDigests';
  CREATE TABLE "notification_preferences" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"person_id" integer NOT NULL,
  	"email_courses" "enum_notification_preferences_email_courses",
  	"email_grades" "enum_notification_preferences_email_grades",
  	"email_live_classes" "enum_notification_preferences_email_live_classes",
  	"email_course_updates" "enum_notification_preferences_email_course_updates",
  	"email_payments" "enum_notification_preferences_email_payments",
  	"email_teaching" "enum_notification_preferences_email_teaching",
  	"in_app_courses" "enum_notification_preferences_in_app_courses",
  	"in_app_grades" "enum_notification_preferences_in_app_grades",
  	"in_app_live_classes" "enum_notification_preferences_in_app_live_classes",
  	"in_app_course_updates" "enum_notification_preferences_in_app_course_updates",
  	"in_app_payments" "enum_notification_preferences_in_app_payments",
  	"in_app_teaching" "enum_notification_preferences_in_app_teaching",
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "notification_emails" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"person_id" integer NOT NULL,
  	"to" varchar NOT NULL,
  	"event" numeric NOT NULL,
  	"kind" "enum_notification_emails_kind" NOT NULL,
  	"category" "enum_notification_emails_category" NOT NULL,
  	"critical" boolean DEFAULT false,
  	"locale" "enum_notification_emails_locale" DEFAULT 'en' NOT NULL,
  	"subject" varchar NOT NULL,
  	"body" varchar,
  	"link" varchar,
  	"frequency" "enum_notification_emails_frequency" NOT NULL,
  	"state" "enum_notification_emails_state" DEFAULT 'queued' NOT NULL,
  	"due_at" timestamp(3) with time zone NOT NULL,
  	"attempts" numeric DEFAULT 0 NOT NULL,
  	"response" varchar,
  	"message_id" varchar,
  	"sent_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "tenants" ADD COLUMN "notification_defaults_courses" "enum_tenants_notification_defaults_courses";
  ALTER TABLE "tenants" ADD COLUMN "notification_defaults_grades" "enum_tenants_notification_defaults_grades";
  ALTER TABLE "tenants" ADD COLUMN "notification_defaults_live_classes" "enum_tenants_notification_defaults_live_classes";
  ALTER TABLE "tenants" ADD COLUMN "notification_defaults_course_updates" "enum_tenants_notification_defaults_course_updates";
  ALTER TABLE "tenants" ADD COLUMN "notification_defaults_payments" "enum_tenants_notification_defaults_payments";
  ALTER TABLE "tenants" ADD COLUMN "notification_defaults_teaching" "enum_tenants_notification_defaults_teaching";
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "notification_preferences_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "notification_emails_id" integer;
  ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_person_id_users_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "notification_emails" ADD CONSTRAINT "notification_emails_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "notification_emails" ADD CONSTRAINT "notification_emails_person_id_users_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  CREATE UNIQUE INDEX "notification_preferences_person_idx" ON "notification_preferences" USING btree ("person_id");
  CREATE INDEX "notification_preferences_updated_at_idx" ON "notification_preferences" USING btree ("updated_at");
  CREATE INDEX "notification_preferences_created_at_idx" ON "notification_preferences" USING btree ("created_at");
  CREATE INDEX "notification_emails_tenant_idx" ON "notification_emails" USING btree ("tenant_id");
  CREATE INDEX "notification_emails_person_idx" ON "notification_emails" USING btree ("person_id");
  CREATE INDEX "notification_emails_updated_at_idx" ON "notification_emails" USING btree ("updated_at");
  CREATE INDEX "notification_emails_created_at_idx" ON "notification_emails" USING btree ("created_at");
  CREATE UNIQUE INDEX "event_person_1_idx" ON "notification_emails" USING btree ("event","person_id");
  CREATE INDEX "state_dueAt_idx" ON "notification_emails" USING btree ("state","due_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_notification_preferences_fk" FOREIGN KEY ("notification_preferences_id") REFERENCES "public"."notification_preferences"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_notification_emails_fk" FOREIGN KEY ("notification_emails_id") REFERENCES "public"."notification_emails"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_notification_preferences_i_idx" ON "payload_locked_documents_rels" USING btree ("notification_preferences_id");
  CREATE INDEX "payload_locked_documents_rels_notification_emails_id_idx" ON "payload_locked_documents_rels" USING btree ("notification_emails_id");
  -- Addresses that bounced (raw: read and written by the mail job alone, never over the API).
  CREATE TABLE "mail_suppressions" (
  	"address" varchar PRIMARY KEY NOT NULL,
  	"hard_bounces" integer DEFAULT 0 NOT NULL,
  	"last_bounce" varchar,
  	"last_bounce_at" timestamp(3) with time zone,
  	"suppressed_at" timestamp(3) with time zone
  );`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
  DROP TABLE "mail_suppressions";
   ALTER TABLE "notification_preferences" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "notification_emails" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "notification_preferences" CASCADE;
  DROP TABLE "notification_emails" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_notification_preferences_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_notification_emails_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'expireEnrollments', 'issueCertificate', 'sendNotification', 'deliverInvoice', 'applyProviderEvents', 'suspendLapsedSeats', 'syncZoomMeeting', 'registerZoomStudents', 'reconcileZoomAttendance', 'announceLiveClasses', 'copyZoomRecordings', 'tendRecordings', 'removeRecordingFile', 'closeQuizAttempts', 'releaseAiReservations', 'summarizeRecording');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'expireEnrollments', 'issueCertificate', 'sendNotification', 'deliverInvoice', 'applyProviderEvents', 'suspendLapsedSeats', 'syncZoomMeeting', 'registerZoomStudents', 'reconcileZoomAttendance', 'announceLiveClasses', 'copyZoomRecordings', 'tendRecordings', 'removeRecordingFile', 'closeQuizAttempts', 'releaseAiReservations', 'summarizeRecording');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "payload_locked_documents_rels_notification_preferences_i_idx";
  DROP INDEX "payload_locked_documents_rels_notification_emails_id_idx";
  ALTER TABLE "tenants" DROP COLUMN "notification_defaults_courses";
  ALTER TABLE "tenants" DROP COLUMN "notification_defaults_grades";
  ALTER TABLE "tenants" DROP COLUMN "notification_defaults_live_classes";
  ALTER TABLE "tenants" DROP COLUMN "notification_defaults_course_updates";
  ALTER TABLE "tenants" DROP COLUMN "notification_defaults_payments";
  ALTER TABLE "tenants" DROP COLUMN "notification_defaults_teaching";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "notification_preferences_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "notification_emails_id";
  DROP TYPE "public"."enum_tenants_notification_defaults_courses";
  DROP TYPE "public"."enum_tenants_notification_defaults_grades";
  DROP TYPE "public"."enum_tenants_notification_defaults_live_classes";
  DROP TYPE "public"."enum_tenants_notification_defaults_course_updates";
  DROP TYPE "public"."enum_tenants_notification_defaults_payments";
  DROP TYPE "public"."enum_tenants_notification_defaults_teaching";
  DROP TYPE "public"."enum_notification_preferences_email_courses";
  DROP TYPE "public"."enum_notification_preferences_email_grades";
  DROP TYPE "public"."enum_notification_preferences_email_live_classes";
  DROP TYPE "public"."enum_notification_preferences_email_course_updates";
  DROP TYPE "public"."enum_notification_preferences_email_payments";
  DROP TYPE "public"."enum_notification_preferences_email_teaching";
  DROP TYPE "public"."enum_notification_preferences_in_app_courses";
  DROP TYPE "public"."enum_notification_preferences_in_app_grades";
  DROP TYPE "public"."enum_notification_preferences_in_app_live_classes";
  DROP TYPE "public"."enum_notification_preferences_in_app_course_updates";
  DROP TYPE "public"."enum_notification_preferences_in_app_payments";
  DROP TYPE "public"."enum_notification_preferences_in_app_teaching";
  DROP TYPE "public"."enum_notification_emails_kind";
  DROP TYPE "public"."enum_notification_emails_category";
  DROP TYPE "public"."enum_notification_emails_locale";
  DROP TYPE "public"."enum_notification_emails_frequency";
  DROP TYPE "public"."enum_notification_emails_state";`)
}
