import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

// The tutor's search over a course's lessons: each lesson's title and words per locale with
// their text-search vector, rebuilt when the course has changed since (src/domain/ai/tutor/
// retrieval.ts); and the AI ledger's closing as one function. Not Payload collections: nothing
// reads or writes them through the API.
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
  CREATE TABLE "lesson_search" (
    "course_id" integer NOT NULL REFERENCES "public"."courses"("id") ON DELETE cascade,
    "lesson_id" varchar NOT NULL,
    "locale" varchar(8) NOT NULL,
    "section_order" integer NOT NULL,
    "lesson_order" integer NOT NULL,
    "release_after_days" numeric,
    "title" varchar NOT NULL,
    "body" text NOT NULL,
    "tsv" tsvector NOT NULL,
    PRIMARY KEY ("course_id", "lesson_id", "locale")
  );
  CREATE INDEX "lesson_search_tsv_idx" ON "lesson_search" USING gin ("tsv");
  CREATE TABLE "lesson_search_state" (
    "course_id" integer PRIMARY KEY REFERENCES "public"."courses"("id") ON DELETE cascade,
    "indexed_at" timestamp(3) with time zone NOT NULL
  );`)
  // Closes a ledger row once (settled or released) and moves its counters by the difference from
  // its reservation, in the order ai_reserve raises them (school, feature, person): one statement
  // moving them in whatever order its scan gave could wait on a reservation waiting on it.
  await db.execute(sql`
  CREATE FUNCTION ai_close(p_id integer, p_status text, p_outcome text, p_error text, p_prompt bigint, p_output bigint, p_thinking bigint, p_total bigint, p_latency bigint) RETURNS boolean LANGUAGE plpgsql AS $$
  DECLARE
    v_row record;
    v_delta bigint;
  BEGIN
    UPDATE ai_usage SET status = p_status::enum_ai_usage_status, outcome = p_outcome::enum_ai_usage_outcome, error_code = p_error,
      prompt_tokens = p_prompt, output_tokens = p_output, thinking_tokens = p_thinking, total_tokens = p_total, latency_ms = p_latency,
      settled_at = now(), updated_at = now()
    WHERE id = p_id AND status = 'reserved'
    RETURNING tenant_id, person_id, feature::text AS feature, reserved_tokens, created_at AT TIME ZONE 'UTC' AS at INTO v_row;
    IF NOT FOUND THEN
      RETURN false;
    END IF;
    v_delta := p_total - v_row.reserved_tokens::bigint;
    IF v_delta <> 0 THEN
      UPDATE ai_budget_counters SET spent = greatest(0, spent + v_delta)
      WHERE tenant_id = v_row.tenant_id AND scope = 'school' AND key = '' AND period = to_char(v_row.at, 'YYYY-MM');
      UPDATE ai_budget_counters SET spent = greatest(0, spent + v_delta)
      WHERE tenant_id = v_row.tenant_id AND scope = 'feature' AND key = v_row.feature AND period = to_char(v_row.at, 'YYYY-MM');
      IF v_row.person_id IS NOT NULL THEN
        UPDATE ai_budget_counters SET spent = greatest(0, spent + v_delta)
        WHERE tenant_id = v_row.tenant_id AND scope = 'person' AND key = v_row.person_id::text AND period = to_char(v_row.at, 'YYYY-MM-DD');
      END IF;
    END IF;
    RETURN true;
  END $$;`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`DROP FUNCTION IF EXISTS ai_close; DROP TABLE IF EXISTS "lesson_search_state"; DROP TABLE IF EXISTS "lesson_search";`)
}
