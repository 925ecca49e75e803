import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'sendNotification';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'sendNotification';
  CREATE TABLE "course_activity" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"course_id" integer NOT NULL,
  	"day" varchar NOT NULL,
  	"enrollments" numeric DEFAULT 0 NOT NULL,
  	"completions" numeric DEFAULT 0 NOT NULL,
  	"cancellations" numeric DEFAULT 0 NOT NULL,
  	"hand_ins" numeric DEFAULT 0 NOT NULL,
  	"grades_released" numeric DEFAULT 0 NOT NULL,
  	"certificates" numeric DEFAULT 0 NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "course_activity_id" integer;
  ALTER TABLE "course_activity" ADD CONSTRAINT "course_activity_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "course_activity" ADD CONSTRAINT "course_activity_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "course_activity_tenant_idx" ON "course_activity" USING btree ("tenant_id");
  CREATE INDEX "course_activity_course_idx" ON "course_activity" USING btree ("course_id");
  CREATE INDEX "course_activity_day_idx" ON "course_activity" USING btree ("day");
  CREATE UNIQUE INDEX "course_day_idx" ON "course_activity" USING btree ("course_id","day");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_course_activity_fk" FOREIGN KEY ("course_activity_id") REFERENCES "public"."course_activity"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_course_activity_id_idx" ON "payload_locked_documents_rels" USING btree ("course_activity_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "course_activity" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "course_activity" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_course_activity_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'expireEnrollments', 'issueCertificate');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'expireEnrollments', 'issueCertificate');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "payload_locked_documents_rels_course_activity_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "course_activity_id";`)
}
