import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_tenants_notification_defaults_reminders" AS ENUM('immediate', 'daily', 'weekly', 'never');
  CREATE TYPE "public"."enum_notification_preferences_email_reminders" AS ENUM('immediate', 'daily', 'weekly', 'never');
  CREATE TYPE "public"."enum_notification_preferences_in_app_reminders" AS ENUM('shown', 'hidden');
  ALTER TYPE "public"."enum_notifications_kind" ADD VALUE 'assignment-due-soon' BEFORE 'payment-received';
  ALTER TYPE "public"."enum_notifications_kind" ADD VALUE 'quiz-closing-soon' BEFORE 'payment-received';
  ALTER TYPE "public"."enum_notifications_category" ADD VALUE 'reminders' BEFORE 'payments';
  ALTER TYPE "public"."enum_notification_emails_kind" ADD VALUE 'assignment-due-soon' BEFORE 'payment-received';
  ALTER TYPE "public"."enum_notification_emails_kind" ADD VALUE 'quiz-closing-soon' BEFORE 'payment-received';
  ALTER TYPE "public"."enum_notification_emails_category" ADD VALUE 'reminders' BEFORE 'payments';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'announceDueWork';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'announceDueWork';
  ALTER TABLE "tenants" ADD COLUMN "notification_defaults_reminders" "enum_tenants_notification_defaults_reminders";
  ALTER TABLE "notification_preferences" ADD COLUMN "email_reminders" "enum_notification_preferences_email_reminders";
  ALTER TABLE "notification_preferences" ADD COLUMN "in_app_reminders" "enum_notification_preferences_in_app_reminders";
  -- Work already announced as due soon, per due date (raw: written by the reminder job alone).
  CREATE TABLE "reminders_sent" (
  	"kind" varchar NOT NULL,
  	"subject" integer NOT NULL,
  	"due" timestamp(3) with time zone NOT NULL,
  	"sent_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	PRIMARY KEY ("kind", "subject", "due")
  );`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
  DROP TABLE "reminders_sent";
   ALTER TABLE "notifications" ALTER COLUMN "kind" SET DATA TYPE text;
  DROP TYPE "public"."enum_notifications_kind";
  CREATE TYPE "public"."enum_notifications_kind" AS ENUM('enrollment-approved', 'enrollment-declined', 'course-completed', 'certificate-issued', 'grade-released', 'quiz-closed', 'class-scheduled', 'class-starting-soon', 'recording-available', 'summary-published', 'quiz-published', 'payment-received', 'payment-failed', 'payment-refunded', 'seats-payment-due', 'seats-suspended', 'enrollment-requested', 'submission-handed-in', 'proof-uploaded', 'tutor-flag', 'summary-drafted');
  ALTER TABLE "notifications" ALTER COLUMN "kind" SET DATA TYPE "public"."enum_notifications_kind" USING "kind"::"public"."enum_notifications_kind";
  ALTER TABLE "notifications" ALTER COLUMN "category" SET DATA TYPE text;
  DROP TYPE "public"."enum_notifications_category";
  CREATE TYPE "public"."enum_notifications_category" AS ENUM('courses', 'grades', 'live-classes', 'course-updates', 'payments', 'teaching');
  ALTER TABLE "notifications" ALTER COLUMN "category" SET DATA TYPE "public"."enum_notifications_category" USING "category"::"public"."enum_notifications_category";
  ALTER TABLE "notification_emails" ALTER COLUMN "kind" SET DATA TYPE text;
  DROP TYPE "public"."enum_notification_emails_kind";
  CREATE TYPE "public"."enum_notification_emails_kind" AS ENUM('enrollment-approved', 'enrollment-declined', 'course-completed', 'certificate-issued', 'grade-released', 'quiz-closed', 'class-scheduled', 'class-starting-soon', 'recording-available', 'summary-published', 'quiz-published', 'payment-received', 'payment-failed', 'payment-refunded', 'seats-payment-due', 'seats-suspended', 'enrollment-requested', 'submission-handed-in', 'proof-uploaded', 'tutor-flag', 'summary-drafted');
  ALTER TABLE "notification_emails" ALTER COLUMN "kind" SET DATA TYPE "public"."enum_notification_emails_kind" USING "kind"::"public"."enum_notification_emails_kind";
  ALTER TABLE "notification_emails" ALTER COLUMN "category" SET DATA TYPE text;
  DROP TYPE "public"."enum_notification_emails_category";
  CREATE TYPE "public"."enum_notification_emails_category" AS ENUM('courses', 'grades', 'live-classes', 'course-updates', 'payments', 'teaching');
  ALTER TABLE "notification_emails" ALTER COLUMN "category" SET DATA TYPE "public"."enum_notification_emails_category" USING "category"::"public"."enum_notification_emails_category";
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'expireEnrollments', 'issueCertificate', 'sendNotification', 'deliverInvoice', 'applyProviderEvents', 'suspendLapsedSeats', 'syncZoomMeeting', 'registerZoomStudents', 'reconcileZoomAttendance', 'announceLiveClasses', 'copyZoomRecordings', 'tendRecordings', 'removeRecordingFile', 'closeQuizAttempts', 'releaseAiReservations', 'summarizeRecording', 'sendNotificationDigests');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'expireEnrollments', 'issueCertificate', 'sendNotification', 'deliverInvoice', 'applyProviderEvents', 'suspendLapsedSeats', 'syncZoomMeeting', 'registerZoomStudents', 'reconcileZoomAttendance', 'announceLiveClasses', 'copyZoomRecordings', 'tendRecordings', 'removeRecordingFile', 'closeQuizAttempts', 'releaseAiReservations', 'summarizeRecording', 'sendNotificationDigests');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  ALTER TABLE "tenants" DROP COLUMN "notification_defaults_reminders";
  ALTER TABLE "notification_preferences" DROP COLUMN "email_reminders";
  ALTER TABLE "notification_preferences" DROP COLUMN "in_app_reminders";
  DROP TYPE "public"."enum_tenants_notification_defaults_reminders";
  DROP TYPE "public"."enum_notification_preferences_email_reminders";
  DROP TYPE "public"."enum_notification_preferences_in_app_reminders";`)
}
