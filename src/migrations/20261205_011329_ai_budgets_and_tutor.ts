import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_tutor_messages_role" AS ENUM('student', 'tutor');
  CREATE TYPE "public"."enum_tutor_messages_flag" AS ENUM('self-harm', 'abuse', 'cheating');
  CREATE TYPE "public"."enum_ai_usage_feature" AS ENUM('tutor', 'summaries', 'quiz-generation');
  CREATE TYPE "public"."enum_ai_usage_status" AS ENUM('reserved', 'settled', 'released');
  CREATE TYPE "public"."enum_ai_usage_outcome" AS ENUM('ok', 'refused', 'failed', 'cancelled', 'timeout', 'rate-limited');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'releaseAiReservations';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'releaseAiReservations';
  CREATE TABLE "ai_settings" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"enabled" boolean DEFAULT true,
  	"monthly_token_ceiling" numeric,
  	"monthly_tokens" numeric DEFAULT 2000000,
  	"person_daily_tokens" numeric DEFAULT 100000,
  	"tutor_monthly_tokens" numeric,
  	"summaries_monthly_tokens" numeric,
  	"quiz_generation_monthly_tokens" numeric,
  	"person_requests_per_minute" numeric DEFAULT 10,
  	"school_requests_per_minute" numeric DEFAULT 600,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "tutor_messages" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"person_id" integer NOT NULL,
  	"course_id" integer NOT NULL,
  	"role" "enum_tutor_messages_role" NOT NULL,
  	"text" varchar NOT NULL,
  	"locale" varchar,
  	"citations" jsonb,
  	"flag" "enum_tutor_messages_flag",
  	"ledger" numeric,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "ai_usage" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"person_id" integer,
  	"course_id" integer,
  	"feature" "enum_ai_usage_feature" NOT NULL,
  	"model" varchar NOT NULL,
  	"status" "enum_ai_usage_status" NOT NULL,
  	"outcome" "enum_ai_usage_outcome",
  	"error_code" varchar,
  	"reserved_tokens" numeric NOT NULL,
  	"prompt_tokens" numeric,
  	"output_tokens" numeric,
  	"thinking_tokens" numeric,
  	"total_tokens" numeric,
  	"latency_ms" numeric,
  	"settled_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "courses" ADD COLUMN "tutor_enabled" boolean DEFAULT false;
  ALTER TABLE "_courses_v" ADD COLUMN "version_tutor_enabled" boolean DEFAULT false;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "ai_settings_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "tutor_messages_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "ai_usage_id" integer;
  ALTER TABLE "ai_settings" ADD CONSTRAINT "ai_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "tutor_messages" ADD CONSTRAINT "tutor_messages_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "tutor_messages" ADD CONSTRAINT "tutor_messages_person_id_users_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "tutor_messages" ADD CONSTRAINT "tutor_messages_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "ai_usage" ADD CONSTRAINT "ai_usage_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "ai_usage" ADD CONSTRAINT "ai_usage_person_id_users_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "ai_usage" ADD CONSTRAINT "ai_usage_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "ai_settings_tenant_idx" ON "ai_settings" USING btree ("tenant_id");
  CREATE INDEX "ai_settings_updated_at_idx" ON "ai_settings" USING btree ("updated_at");
  CREATE INDEX "ai_settings_created_at_idx" ON "ai_settings" USING btree ("created_at");
  CREATE UNIQUE INDEX "tenant_2_idx" ON "ai_settings" USING btree ("tenant_id");
  CREATE INDEX "tutor_messages_tenant_idx" ON "tutor_messages" USING btree ("tenant_id");
  CREATE INDEX "tutor_messages_person_idx" ON "tutor_messages" USING btree ("person_id");
  CREATE INDEX "tutor_messages_course_idx" ON "tutor_messages" USING btree ("course_id");
  CREATE INDEX "tutor_messages_flag_idx" ON "tutor_messages" USING btree ("flag");
  CREATE INDEX "tutor_messages_updated_at_idx" ON "tutor_messages" USING btree ("updated_at");
  CREATE INDEX "tutor_messages_created_at_idx" ON "tutor_messages" USING btree ("created_at");
  CREATE INDEX "person_course_createdAt_idx" ON "tutor_messages" USING btree ("person_id","course_id","created_at");
  CREATE INDEX "ai_usage_tenant_idx" ON "ai_usage" USING btree ("tenant_id");
  CREATE INDEX "ai_usage_person_idx" ON "ai_usage" USING btree ("person_id");
  CREATE INDEX "ai_usage_course_idx" ON "ai_usage" USING btree ("course_id");
  CREATE INDEX "ai_usage_updated_at_idx" ON "ai_usage" USING btree ("updated_at");
  CREATE INDEX "ai_usage_created_at_idx" ON "ai_usage" USING btree ("created_at");
  CREATE INDEX "tenant_createdAt_idx" ON "ai_usage" USING btree ("tenant_id","created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_ai_settings_fk" FOREIGN KEY ("ai_settings_id") REFERENCES "public"."ai_settings"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_tutor_messages_fk" FOREIGN KEY ("tutor_messages_id") REFERENCES "public"."tutor_messages"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_ai_usage_fk" FOREIGN KEY ("ai_usage_id") REFERENCES "public"."ai_usage"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_ai_settings_id_idx" ON "payload_locked_documents_rels" USING btree ("ai_settings_id");
  CREATE INDEX "payload_locked_documents_rels_tutor_messages_id_idx" ON "payload_locked_documents_rels" USING btree ("tutor_messages_id");
  CREATE INDEX "payload_locked_documents_rels_ai_usage_id_idx" ON "payload_locked_documents_rels" USING btree ("ai_usage_id");`)
  // The AI budgets' running totals: one row per school and scope (the school's month, a
  // feature's month, a person's day), raised by conditional updates when a call reserves and
  // moved when it settles (src/domain/ai/budget.ts). Not a Payload collection: nothing reads or
  // writes it through the API.
  await db.execute(sql`
  CREATE TABLE "ai_budget_counters" (
    "tenant_id" integer NOT NULL REFERENCES "public"."tenants"("id") ON DELETE cascade,
    "scope" varchar(16) NOT NULL,
    "key" varchar(64) NOT NULL,
    "period" varchar(10) NOT NULL,
    "spent" bigint NOT NULL DEFAULT 0,
    PRIMARY KEY ("tenant_id", "scope", "key", "period")
  );`)
  // A reservation is one statement, so a counter's row is locked for microseconds, not for a
  // transaction's round trips: fifty callers queue on it without holding fifty connections.
  // Raises one counter while it stays within its limit; false when it would not.
  await db.execute(sql`
  CREATE FUNCTION ai_raise_counter(p_tenant integer, p_scope text, p_key text, p_period text, p_tokens bigint, p_limit bigint) RETURNS boolean LANGUAGE plpgsql AS $$
  BEGIN
    IF p_limit IS NOT NULL AND p_tokens > p_limit THEN
      RETURN false;
    END IF;
    INSERT INTO ai_budget_counters (tenant_id, scope, key, period, spent) VALUES (p_tenant, p_scope, p_key, p_period, p_tokens)
    ON CONFLICT (tenant_id, scope, key, period) DO UPDATE SET spent = ai_budget_counters.spent + excluded.spent
    WHERE p_limit IS NULL OR ai_budget_counters.spent + excluded.spent <= p_limit;
    RETURN FOUND;
  END $$;`)
  // Raises the school's, the feature's and the person's counters (in that order) and opens the
  // ledger row, or does none of it and names the budget that is spent.
  await db.execute(sql`
  CREATE FUNCTION ai_reserve(p_tenant integer, p_person integer, p_course integer, p_feature text, p_model text, p_tokens bigint, p_month text, p_day text, p_school_limit bigint, p_feature_limit bigint, p_person_limit bigint)
  RETURNS TABLE (ledger_id integer, refused text) LANGUAGE plpgsql AS $$
  DECLARE
    v_refused text;
    v_id integer;
  BEGIN
    BEGIN
      IF NOT ai_raise_counter(p_tenant, 'school', '', p_month, p_tokens, p_school_limit) THEN
        v_refused := 'school';
        RAISE EXCEPTION 'budget spent';
      END IF;
      IF NOT ai_raise_counter(p_tenant, 'feature', p_feature, p_month, p_tokens, p_feature_limit) THEN
        v_refused := 'feature';
        RAISE EXCEPTION 'budget spent';
      END IF;
      IF p_person IS NOT NULL AND NOT ai_raise_counter(p_tenant, 'person', p_person::text, p_day, p_tokens, p_person_limit) THEN
        v_refused := 'person';
        RAISE EXCEPTION 'budget spent';
      END IF;
      INSERT INTO ai_usage (tenant_id, person_id, course_id, feature, model, status, reserved_tokens, created_at, updated_at)
      VALUES (p_tenant, p_person, p_course, p_feature::enum_ai_usage_feature, p_model, 'reserved', p_tokens, now(), now())
      RETURNING id INTO v_id;
    EXCEPTION WHEN raise_exception THEN
      -- The block's changes are rolled back; the variable keeps which budget refused.
      RETURN QUERY SELECT NULL::integer, v_refused;
      RETURN;
    END;
    RETURN QUERY SELECT v_id, NULL::text;
  END $$;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`DROP FUNCTION IF EXISTS ai_reserve; DROP FUNCTION IF EXISTS ai_raise_counter; DROP TABLE IF EXISTS "ai_budget_counters";`)
  await db.execute(sql`
   ALTER TABLE "ai_settings" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "tutor_messages" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "ai_usage" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "ai_settings" CASCADE;
  DROP TABLE "tutor_messages" CASCADE;
  DROP TABLE "ai_usage" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_ai_settings_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_tutor_messages_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_ai_usage_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'expireEnrollments', 'issueCertificate', 'sendNotification', 'deliverInvoice', 'applyProviderEvents', 'suspendLapsedSeats', 'syncZoomMeeting', 'registerZoomStudents', 'reconcileZoomAttendance', 'announceLiveClasses', 'copyZoomRecordings', 'tendRecordings', 'removeRecordingFile', 'closeQuizAttempts');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'expireEnrollments', 'issueCertificate', 'sendNotification', 'deliverInvoice', 'applyProviderEvents', 'suspendLapsedSeats', 'syncZoomMeeting', 'registerZoomStudents', 'reconcileZoomAttendance', 'announceLiveClasses', 'copyZoomRecordings', 'tendRecordings', 'removeRecordingFile', 'closeQuizAttempts');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "payload_locked_documents_rels_ai_settings_id_idx";
  DROP INDEX "payload_locked_documents_rels_tutor_messages_id_idx";
  DROP INDEX "payload_locked_documents_rels_ai_usage_id_idx";
  ALTER TABLE "courses" DROP COLUMN "tutor_enabled";
  ALTER TABLE "_courses_v" DROP COLUMN "version_tutor_enabled";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "ai_settings_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "tutor_messages_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "ai_usage_id";
  DROP TYPE "public"."enum_tutor_messages_role";
  DROP TYPE "public"."enum_tutor_messages_flag";
  DROP TYPE "public"."enum_ai_usage_feature";
  DROP TYPE "public"."enum_ai_usage_status";
  DROP TYPE "public"."enum_ai_usage_outcome";`)
}
