import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_quizzes_questions_type" AS ENUM('single', 'multiple', 'true-false', 'short');
  CREATE TYPE "public"."enum_quizzes_review" AS ENUM('after-attempt', 'after-last-attempt', 'score-only');
  CREATE TYPE "public"."enum_quizzes_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__quizzes_v_version_questions_type" AS ENUM('single', 'multiple', 'true-false', 'short');
  CREATE TYPE "public"."enum__quizzes_v_version_review" AS ENUM('after-attempt', 'after-last-attempt', 'score-only');
  CREATE TYPE "public"."enum__quizzes_v_version_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__quizzes_v_published_locale" AS ENUM('en', 'ar', 'so');
  CREATE TYPE "public"."enum_quiz_attempts_status" AS ENUM('in-progress', 'graded');
  CREATE TYPE "public"."enum_quiz_attempts_closed_by" AS ENUM('student', 'time-limit');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'closeQuizAttempts';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'closeQuizAttempts';
  CREATE TABLE "quizzes_questions_options" (
  	"_order" integer NOT NULL,
  	"_parent_id" varchar NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"correct" boolean DEFAULT false
  );
  
  CREATE TABLE "quizzes_questions_options_locales" (
  	"text" varchar,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" varchar NOT NULL
  );
  
  CREATE TABLE "quizzes_questions_accepted_answers" (
  	"_order" integer NOT NULL,
  	"_parent_id" varchar NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "quizzes_questions_accepted_answers_locales" (
  	"text" varchar,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" varchar NOT NULL
  );
  
  CREATE TABLE "quizzes_questions" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"type" "enum_quizzes_questions_type" DEFAULT 'single',
  	"points" numeric DEFAULT 1,
  	"statement_is_true" boolean DEFAULT false,
  	"case_sensitive" boolean DEFAULT false
  );
  
  CREATE TABLE "quizzes_questions_locales" (
  	"prompt" varchar,
  	"explanation" varchar,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" varchar NOT NULL
  );
  
  CREATE TABLE "quizzes" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"course_id" integer,
  	"lesson" varchar,
  	"opens_at" timestamp(3) with time zone,
  	"closes_at" timestamp(3) with time zone,
  	"time_limit_minutes" numeric,
  	"max_attempts" numeric DEFAULT 1,
  	"pass_percent" numeric DEFAULT 50,
  	"shuffle_questions" boolean DEFAULT false,
  	"shuffle_options" boolean DEFAULT false,
  	"required_for_completion" boolean DEFAULT false,
  	"review" "enum_quizzes_review" DEFAULT 'after-attempt',
  	"question_count" numeric,
  	"total_points" numeric,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"_status" "enum_quizzes_status" DEFAULT 'draft'
  );
  
  CREATE TABLE "quizzes_locales" (
  	"title" varchar,
  	"description" varchar,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" integer NOT NULL
  );
  
  CREATE TABLE "_quizzes_v_version_questions_options" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"correct" boolean DEFAULT false,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_quizzes_v_version_questions_options_locales" (
  	"text" varchar,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" integer NOT NULL
  );
  
  CREATE TABLE "_quizzes_v_version_questions_accepted_answers" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_quizzes_v_version_questions_accepted_answers_locales" (
  	"text" varchar,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" integer NOT NULL
  );
  
  CREATE TABLE "_quizzes_v_version_questions" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"type" "enum__quizzes_v_version_questions_type" DEFAULT 'single',
  	"points" numeric DEFAULT 1,
  	"statement_is_true" boolean DEFAULT false,
  	"case_sensitive" boolean DEFAULT false,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_quizzes_v_version_questions_locales" (
  	"prompt" varchar,
  	"explanation" varchar,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" integer NOT NULL
  );
  
  CREATE TABLE "_quizzes_v" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"parent_id" integer,
  	"version_tenant_id" integer,
  	"version_course_id" integer,
  	"version_lesson" varchar,
  	"version_opens_at" timestamp(3) with time zone,
  	"version_closes_at" timestamp(3) with time zone,
  	"version_time_limit_minutes" numeric,
  	"version_max_attempts" numeric DEFAULT 1,
  	"version_pass_percent" numeric DEFAULT 50,
  	"version_shuffle_questions" boolean DEFAULT false,
  	"version_shuffle_options" boolean DEFAULT false,
  	"version_required_for_completion" boolean DEFAULT false,
  	"version_review" "enum__quizzes_v_version_review" DEFAULT 'after-attempt',
  	"version_question_count" numeric,
  	"version_total_points" numeric,
  	"version_updated_at" timestamp(3) with time zone,
  	"version_created_at" timestamp(3) with time zone,
  	"version__status" "enum__quizzes_v_version_status" DEFAULT 'draft',
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"snapshot" boolean,
  	"published_locale" "enum__quizzes_v_published_locale",
  	"latest" boolean
  );
  
  CREATE TABLE "_quizzes_v_locales" (
  	"version_title" varchar,
  	"version_description" varchar,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" integer NOT NULL
  );
  
  CREATE TABLE "quiz_attempts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"title" varchar,
  	"quiz_id" integer NOT NULL,
  	"course_id" integer NOT NULL,
  	"student_id" integer NOT NULL,
  	"attempt" numeric NOT NULL,
  	"status" "enum_quiz_attempts_status" DEFAULT 'in-progress' NOT NULL,
  	"closed_by" "enum_quiz_attempts_closed_by",
  	"started_at" timestamp(3) with time zone NOT NULL,
  	"deadline" timestamp(3) with time zone,
  	"submitted_at" timestamp(3) with time zone,
  	"score" numeric,
  	"max_score" numeric,
  	"percent" numeric,
  	"passed" boolean,
  	"answers" jsonb,
  	"results" jsonb,
  	"paper" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "quizzes_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "quiz_attempts_id" integer;
  ALTER TABLE "quizzes_questions_options" ADD CONSTRAINT "quizzes_questions_options_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."quizzes_questions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "quizzes_questions_options_locales" ADD CONSTRAINT "quizzes_questions_options_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."quizzes_questions_options"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "quizzes_questions_accepted_answers" ADD CONSTRAINT "quizzes_questions_accepted_answers_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."quizzes_questions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "quizzes_questions_accepted_answers_locales" ADD CONSTRAINT "quizzes_questions_accepted_answers_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."quizzes_questions_accepted_answers"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "quizzes_questions" ADD CONSTRAINT "quizzes_questions_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."quizzes"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "quizzes_questions_locales" ADD CONSTRAINT "quizzes_questions_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."quizzes_questions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "quizzes" ADD CONSTRAINT "quizzes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "quizzes" ADD CONSTRAINT "quizzes_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "quizzes_locales" ADD CONSTRAINT "quizzes_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."quizzes"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_quizzes_v_version_questions_options" ADD CONSTRAINT "_quizzes_v_version_questions_options_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_quizzes_v_version_questions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_quizzes_v_version_questions_options_locales" ADD CONSTRAINT "_quizzes_v_version_questions_options_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_quizzes_v_version_questions_options"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_quizzes_v_version_questions_accepted_answers" ADD CONSTRAINT "_quizzes_v_version_questions_accepted_answers_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_quizzes_v_version_questions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_quizzes_v_version_questions_accepted_answers_locales" ADD CONSTRAINT "_quizzes_v_version_questions_accepted_answers_locales_par_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_quizzes_v_version_questions_accepted_answers"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_quizzes_v_version_questions" ADD CONSTRAINT "_quizzes_v_version_questions_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_quizzes_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_quizzes_v_version_questions_locales" ADD CONSTRAINT "_quizzes_v_version_questions_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_quizzes_v_version_questions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_quizzes_v" ADD CONSTRAINT "_quizzes_v_parent_id_quizzes_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."quizzes"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_quizzes_v" ADD CONSTRAINT "_quizzes_v_version_tenant_id_tenants_id_fk" FOREIGN KEY ("version_tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_quizzes_v" ADD CONSTRAINT "_quizzes_v_version_course_id_courses_id_fk" FOREIGN KEY ("version_course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_quizzes_v_locales" ADD CONSTRAINT "_quizzes_v_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_quizzes_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "quiz_attempts" ADD CONSTRAINT "quiz_attempts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "quiz_attempts" ADD CONSTRAINT "quiz_attempts_quiz_id_quizzes_id_fk" FOREIGN KEY ("quiz_id") REFERENCES "public"."quizzes"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "quiz_attempts" ADD CONSTRAINT "quiz_attempts_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "quiz_attempts" ADD CONSTRAINT "quiz_attempts_student_id_users_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "quizzes_questions_options_order_idx" ON "quizzes_questions_options" USING btree ("_order");
  CREATE INDEX "quizzes_questions_options_parent_id_idx" ON "quizzes_questions_options" USING btree ("_parent_id");
  CREATE UNIQUE INDEX "quizzes_questions_options_locales_locale_parent_id_unique" ON "quizzes_questions_options_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "quizzes_questions_accepted_answers_order_idx" ON "quizzes_questions_accepted_answers" USING btree ("_order");
  CREATE INDEX "quizzes_questions_accepted_answers_parent_id_idx" ON "quizzes_questions_accepted_answers" USING btree ("_parent_id");
  CREATE UNIQUE INDEX "quizzes_questions_accepted_answers_locales_locale_parent_id_" ON "quizzes_questions_accepted_answers_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "quizzes_questions_order_idx" ON "quizzes_questions" USING btree ("_order");
  CREATE INDEX "quizzes_questions_parent_id_idx" ON "quizzes_questions" USING btree ("_parent_id");
  CREATE UNIQUE INDEX "quizzes_questions_locales_locale_parent_id_unique" ON "quizzes_questions_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "quizzes_tenant_idx" ON "quizzes" USING btree ("tenant_id");
  CREATE INDEX "quizzes_course_idx" ON "quizzes" USING btree ("course_id");
  CREATE INDEX "quizzes_closes_at_idx" ON "quizzes" USING btree ("closes_at");
  CREATE INDEX "quizzes_updated_at_idx" ON "quizzes" USING btree ("updated_at");
  CREATE INDEX "quizzes_created_at_idx" ON "quizzes" USING btree ("created_at");
  CREATE INDEX "quizzes__status_idx" ON "quizzes" USING btree ("_status");
  CREATE UNIQUE INDEX "quizzes_locales_locale_parent_id_unique" ON "quizzes_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "_quizzes_v_version_questions_options_order_idx" ON "_quizzes_v_version_questions_options" USING btree ("_order");
  CREATE INDEX "_quizzes_v_version_questions_options_parent_id_idx" ON "_quizzes_v_version_questions_options" USING btree ("_parent_id");
  CREATE UNIQUE INDEX "_quizzes_v_version_questions_options_locales_locale_parent_i" ON "_quizzes_v_version_questions_options_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "_quizzes_v_version_questions_accepted_answers_order_idx" ON "_quizzes_v_version_questions_accepted_answers" USING btree ("_order");
  CREATE INDEX "_quizzes_v_version_questions_accepted_answers_parent_id_idx" ON "_quizzes_v_version_questions_accepted_answers" USING btree ("_parent_id");
  CREATE UNIQUE INDEX "_quizzes_v_version_questions_accepted_answers_locales_locale" ON "_quizzes_v_version_questions_accepted_answers_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "_quizzes_v_version_questions_order_idx" ON "_quizzes_v_version_questions" USING btree ("_order");
  CREATE INDEX "_quizzes_v_version_questions_parent_id_idx" ON "_quizzes_v_version_questions" USING btree ("_parent_id");
  CREATE UNIQUE INDEX "_quizzes_v_version_questions_locales_locale_parent_id_unique" ON "_quizzes_v_version_questions_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "_quizzes_v_parent_idx" ON "_quizzes_v" USING btree ("parent_id");
  CREATE INDEX "_quizzes_v_version_version_tenant_idx" ON "_quizzes_v" USING btree ("version_tenant_id");
  CREATE INDEX "_quizzes_v_version_version_course_idx" ON "_quizzes_v" USING btree ("version_course_id");
  CREATE INDEX "_quizzes_v_version_version_closes_at_idx" ON "_quizzes_v" USING btree ("version_closes_at");
  CREATE INDEX "_quizzes_v_version_version_updated_at_idx" ON "_quizzes_v" USING btree ("version_updated_at");
  CREATE INDEX "_quizzes_v_version_version_created_at_idx" ON "_quizzes_v" USING btree ("version_created_at");
  CREATE INDEX "_quizzes_v_version_version__status_idx" ON "_quizzes_v" USING btree ("version__status");
  CREATE INDEX "_quizzes_v_created_at_idx" ON "_quizzes_v" USING btree ("created_at");
  CREATE INDEX "_quizzes_v_updated_at_idx" ON "_quizzes_v" USING btree ("updated_at");
  CREATE INDEX "_quizzes_v_snapshot_idx" ON "_quizzes_v" USING btree ("snapshot");
  CREATE INDEX "_quizzes_v_published_locale_idx" ON "_quizzes_v" USING btree ("published_locale");
  CREATE INDEX "_quizzes_v_latest_idx" ON "_quizzes_v" USING btree ("latest");
  CREATE UNIQUE INDEX "_quizzes_v_locales_locale_parent_id_unique" ON "_quizzes_v_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "quiz_attempts_tenant_idx" ON "quiz_attempts" USING btree ("tenant_id");
  CREATE INDEX "quiz_attempts_quiz_idx" ON "quiz_attempts" USING btree ("quiz_id");
  CREATE INDEX "quiz_attempts_course_idx" ON "quiz_attempts" USING btree ("course_id");
  CREATE INDEX "quiz_attempts_student_idx" ON "quiz_attempts" USING btree ("student_id");
  CREATE INDEX "quiz_attempts_deadline_idx" ON "quiz_attempts" USING btree ("deadline");
  CREATE INDEX "quiz_attempts_updated_at_idx" ON "quiz_attempts" USING btree ("updated_at");
  CREATE INDEX "quiz_attempts_created_at_idx" ON "quiz_attempts" USING btree ("created_at");
  CREATE UNIQUE INDEX "quiz_student_attempt_idx" ON "quiz_attempts" USING btree ("quiz_id","student_id","attempt");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_quizzes_fk" FOREIGN KEY ("quizzes_id") REFERENCES "public"."quizzes"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_quiz_attempts_fk" FOREIGN KEY ("quiz_attempts_id") REFERENCES "public"."quiz_attempts"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_quizzes_id_idx" ON "payload_locked_documents_rels" USING btree ("quizzes_id");
  CREATE INDEX "payload_locked_documents_rels_quiz_attempts_id_idx" ON "payload_locked_documents_rels" USING btree ("quiz_attempts_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "quizzes_questions_options" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "quizzes_questions_options_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "quizzes_questions_accepted_answers" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "quizzes_questions_accepted_answers_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "quizzes_questions" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "quizzes_questions_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "quizzes" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "quizzes_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_quizzes_v_version_questions_options" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_quizzes_v_version_questions_options_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_quizzes_v_version_questions_accepted_answers" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_quizzes_v_version_questions_accepted_answers_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_quizzes_v_version_questions" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_quizzes_v_version_questions_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_quizzes_v" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_quizzes_v_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "quiz_attempts" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "quizzes_questions_options" CASCADE;
  DROP TABLE "quizzes_questions_options_locales" CASCADE;
  DROP TABLE "quizzes_questions_accepted_answers" CASCADE;
  DROP TABLE "quizzes_questions_accepted_answers_locales" CASCADE;
  DROP TABLE "quizzes_questions" CASCADE;
  DROP TABLE "quizzes_questions_locales" CASCADE;
  DROP TABLE "quizzes" CASCADE;
  DROP TABLE "quizzes_locales" CASCADE;
  DROP TABLE "_quizzes_v_version_questions_options" CASCADE;
  DROP TABLE "_quizzes_v_version_questions_options_locales" CASCADE;
  DROP TABLE "_quizzes_v_version_questions_accepted_answers" CASCADE;
  DROP TABLE "_quizzes_v_version_questions_accepted_answers_locales" CASCADE;
  DROP TABLE "_quizzes_v_version_questions" CASCADE;
  DROP TABLE "_quizzes_v_version_questions_locales" CASCADE;
  DROP TABLE "_quizzes_v" CASCADE;
  DROP TABLE "_quizzes_v_locales" CASCADE;
  DROP TABLE "quiz_attempts" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_quizzes_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_quiz_attempts_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'expireEnrollments', 'issueCertificate', 'sendNotification', 'deliverInvoice', 'applyProviderEvents', 'suspendLapsedSeats', 'syncZoomMeeting', 'registerZoomStudents', 'reconcileZoomAttendance', 'announceLiveClasses', 'copyZoomRecordings', 'tendRecordings', 'removeRecordingFile');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'expireEnrollments', 'issueCertificate', 'sendNotification', 'deliverInvoice', 'applyProviderEvents', 'suspendLapsedSeats', 'syncZoomMeeting', 'registerZoomStudents', 'reconcileZoomAttendance', 'announceLiveClasses', 'copyZoomRecordings', 'tendRecordings', 'removeRecordingFile');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "payload_locked_documents_rels_quizzes_id_idx";
  DROP INDEX "payload_locked_documents_rels_quiz_attempts_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "quizzes_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "quiz_attempts_id";
  DROP TYPE "public"."enum_quizzes_questions_type";
  DROP TYPE "public"."enum_quizzes_review";
  DROP TYPE "public"."enum_quizzes_status";
  DROP TYPE "public"."enum__quizzes_v_version_questions_type";
  DROP TYPE "public"."enum__quizzes_v_version_review";
  DROP TYPE "public"."enum__quizzes_v_version_status";
  DROP TYPE "public"."enum__quizzes_v_published_locale";
  DROP TYPE "public"."enum_quiz_attempts_status";
  DROP TYPE "public"."enum_quiz_attempts_closed_by";`)
}
