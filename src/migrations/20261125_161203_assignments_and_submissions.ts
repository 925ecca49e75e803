import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_assignments_allowed_file_types" AS ENUM('pdf', 'docx', 'odt', 'txt', 'png', 'jpg', 'zip');
  CREATE TYPE "public"."enum_assignments_late_policy" AS ENUM('penalty', 'cutoff');
  CREATE TYPE "public"."enum_assignments_submission_type" AS ENUM('file', 'text', 'both');
  CREATE TYPE "public"."enum_assignments_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__assignments_v_version_allowed_file_types" AS ENUM('pdf', 'docx', 'odt', 'txt', 'png', 'jpg', 'zip');
  CREATE TYPE "public"."enum__assignments_v_version_late_policy" AS ENUM('penalty', 'cutoff');
  CREATE TYPE "public"."enum__assignments_v_version_submission_type" AS ENUM('file', 'text', 'both');
  CREATE TYPE "public"."enum__assignments_v_version_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__assignments_v_published_locale" AS ENUM('en', 'ar', 'so');
  CREATE TYPE "public"."enum_submissions_status" AS ENUM('submitted', 'graded', 'returned');
  CREATE TABLE "assignments_allowed_file_types" (
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"value" "enum_assignments_allowed_file_types",
  	"id" serial PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "assignments_rubric_levels" (
  	"_order" integer NOT NULL,
  	"_parent_id" varchar NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"points" numeric
  );
  
  CREATE TABLE "assignments_rubric_levels_locales" (
  	"label" varchar,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" varchar NOT NULL
  );
  
  CREATE TABLE "assignments_rubric" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "assignments_rubric_locales" (
  	"criterion" varchar,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" varchar NOT NULL
  );
  
  CREATE TABLE "assignments" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"course_id" integer,
  	"lesson" varchar,
  	"opens_at" timestamp(3) with time zone,
  	"due_at" timestamp(3) with time zone,
  	"late_policy" "enum_assignments_late_policy" DEFAULT 'cutoff',
  	"late_penalty_percent_per_day" numeric,
  	"cutoff_at" timestamp(3) with time zone,
  	"max_points" numeric,
  	"pass_mark" numeric,
  	"max_attempts" numeric DEFAULT 1,
  	"submission_type" "enum_assignments_submission_type" DEFAULT 'text',
  	"max_file_size_mb" numeric DEFAULT 10,
  	"required_for_completion" boolean DEFAULT false,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"_status" "enum_assignments_status" DEFAULT 'draft'
  );
  
  CREATE TABLE "assignments_locales" (
  	"title" varchar,
  	"instructions" jsonb,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" integer NOT NULL
  );
  
  CREATE TABLE "_assignments_v_version_allowed_file_types" (
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"value" "enum__assignments_v_version_allowed_file_types",
  	"id" serial PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "_assignments_v_version_rubric_levels" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"points" numeric,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_assignments_v_version_rubric_levels_locales" (
  	"label" varchar,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" integer NOT NULL
  );
  
  CREATE TABLE "_assignments_v_version_rubric" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_assignments_v_version_rubric_locales" (
  	"criterion" varchar,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" integer NOT NULL
  );
  
  CREATE TABLE "_assignments_v" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"parent_id" integer,
  	"version_tenant_id" integer,
  	"version_course_id" integer,
  	"version_lesson" varchar,
  	"version_opens_at" timestamp(3) with time zone,
  	"version_due_at" timestamp(3) with time zone,
  	"version_late_policy" "enum__assignments_v_version_late_policy" DEFAULT 'cutoff',
  	"version_late_penalty_percent_per_day" numeric,
  	"version_cutoff_at" timestamp(3) with time zone,
  	"version_max_points" numeric,
  	"version_pass_mark" numeric,
  	"version_max_attempts" numeric DEFAULT 1,
  	"version_submission_type" "enum__assignments_v_version_submission_type" DEFAULT 'text',
  	"version_max_file_size_mb" numeric DEFAULT 10,
  	"version_required_for_completion" boolean DEFAULT false,
  	"version_updated_at" timestamp(3) with time zone,
  	"version_created_at" timestamp(3) with time zone,
  	"version__status" "enum__assignments_v_version_status" DEFAULT 'draft',
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"snapshot" boolean,
  	"published_locale" "enum__assignments_v_published_locale",
  	"latest" boolean
  );
  
  CREATE TABLE "_assignments_v_locales" (
  	"version_title" varchar,
  	"version_instructions" jsonb,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" integer NOT NULL
  );
  
  CREATE TABLE "submissions" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"title" varchar,
  	"assignment_id" integer NOT NULL,
  	"course_id" integer NOT NULL,
  	"student_id" integer NOT NULL,
  	"attempt" numeric NOT NULL,
  	"text" varchar,
  	"submitted_at" timestamp(3) with time zone NOT NULL,
  	"late" boolean DEFAULT false,
  	"late_days" numeric DEFAULT 0,
  	"status" "enum_submissions_status" DEFAULT 'submitted' NOT NULL,
  	"points" numeric,
  	"rubric_scores" jsonb,
  	"feedback" varchar,
  	"penalty_percent" numeric,
  	"final_points" numeric,
  	"graded_by_id" integer,
  	"graded_at" timestamp(3) with time zone,
  	"released_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "assignments_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "submissions_id" integer;
  ALTER TABLE "assignments_allowed_file_types" ADD CONSTRAINT "assignments_allowed_file_types_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "assignments_rubric_levels" ADD CONSTRAINT "assignments_rubric_levels_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."assignments_rubric"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "assignments_rubric_levels_locales" ADD CONSTRAINT "assignments_rubric_levels_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."assignments_rubric_levels"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "assignments_rubric" ADD CONSTRAINT "assignments_rubric_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "assignments_rubric_locales" ADD CONSTRAINT "assignments_rubric_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."assignments_rubric"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "assignments" ADD CONSTRAINT "assignments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "assignments" ADD CONSTRAINT "assignments_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "assignments_locales" ADD CONSTRAINT "assignments_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_assignments_v_version_allowed_file_types" ADD CONSTRAINT "_assignments_v_version_allowed_file_types_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."_assignments_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_assignments_v_version_rubric_levels" ADD CONSTRAINT "_assignments_v_version_rubric_levels_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_assignments_v_version_rubric"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_assignments_v_version_rubric_levels_locales" ADD CONSTRAINT "_assignments_v_version_rubric_levels_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_assignments_v_version_rubric_levels"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_assignments_v_version_rubric" ADD CONSTRAINT "_assignments_v_version_rubric_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_assignments_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_assignments_v_version_rubric_locales" ADD CONSTRAINT "_assignments_v_version_rubric_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_assignments_v_version_rubric"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_assignments_v" ADD CONSTRAINT "_assignments_v_parent_id_assignments_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."assignments"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_assignments_v" ADD CONSTRAINT "_assignments_v_version_tenant_id_tenants_id_fk" FOREIGN KEY ("version_tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_assignments_v" ADD CONSTRAINT "_assignments_v_version_course_id_courses_id_fk" FOREIGN KEY ("version_course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_assignments_v_locales" ADD CONSTRAINT "_assignments_v_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_assignments_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "submissions" ADD CONSTRAINT "submissions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "submissions" ADD CONSTRAINT "submissions_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "submissions" ADD CONSTRAINT "submissions_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "submissions" ADD CONSTRAINT "submissions_student_id_users_id_fk" FOREIGN KEY ("student_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "submissions" ADD CONSTRAINT "submissions_graded_by_id_users_id_fk" FOREIGN KEY ("graded_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "assignments_allowed_file_types_order_idx" ON "assignments_allowed_file_types" USING btree ("order");
  CREATE INDEX "assignments_allowed_file_types_parent_idx" ON "assignments_allowed_file_types" USING btree ("parent_id");
  CREATE INDEX "assignments_rubric_levels_order_idx" ON "assignments_rubric_levels" USING btree ("_order");
  CREATE INDEX "assignments_rubric_levels_parent_id_idx" ON "assignments_rubric_levels" USING btree ("_parent_id");
  CREATE UNIQUE INDEX "assignments_rubric_levels_locales_locale_parent_id_unique" ON "assignments_rubric_levels_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "assignments_rubric_order_idx" ON "assignments_rubric" USING btree ("_order");
  CREATE INDEX "assignments_rubric_parent_id_idx" ON "assignments_rubric" USING btree ("_parent_id");
  CREATE UNIQUE INDEX "assignments_rubric_locales_locale_parent_id_unique" ON "assignments_rubric_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "assignments_tenant_idx" ON "assignments" USING btree ("tenant_id");
  CREATE INDEX "assignments_course_idx" ON "assignments" USING btree ("course_id");
  CREATE INDEX "assignments_due_at_idx" ON "assignments" USING btree ("due_at");
  CREATE INDEX "assignments_updated_at_idx" ON "assignments" USING btree ("updated_at");
  CREATE INDEX "assignments_created_at_idx" ON "assignments" USING btree ("created_at");
  CREATE INDEX "assignments__status_idx" ON "assignments" USING btree ("_status");
  CREATE UNIQUE INDEX "assignments_locales_locale_parent_id_unique" ON "assignments_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "_assignments_v_version_allowed_file_types_order_idx" ON "_assignments_v_version_allowed_file_types" USING btree ("order");
  CREATE INDEX "_assignments_v_version_allowed_file_types_parent_idx" ON "_assignments_v_version_allowed_file_types" USING btree ("parent_id");
  CREATE INDEX "_assignments_v_version_rubric_levels_order_idx" ON "_assignments_v_version_rubric_levels" USING btree ("_order");
  CREATE INDEX "_assignments_v_version_rubric_levels_parent_id_idx" ON "_assignments_v_version_rubric_levels" USING btree ("_parent_id");
  CREATE UNIQUE INDEX "_assignments_v_version_rubric_levels_locales_locale_parent_i" ON "_assignments_v_version_rubric_levels_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "_assignments_v_version_rubric_order_idx" ON "_assignments_v_version_rubric" USING btree ("_order");
  CREATE INDEX "_assignments_v_version_rubric_parent_id_idx" ON "_assignments_v_version_rubric" USING btree ("_parent_id");
  CREATE UNIQUE INDEX "_assignments_v_version_rubric_locales_locale_parent_id_uniqu" ON "_assignments_v_version_rubric_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "_assignments_v_parent_idx" ON "_assignments_v" USING btree ("parent_id");
  CREATE INDEX "_assignments_v_version_version_tenant_idx" ON "_assignments_v" USING btree ("version_tenant_id");
  CREATE INDEX "_assignments_v_version_version_course_idx" ON "_assignments_v" USING btree ("version_course_id");
  CREATE INDEX "_assignments_v_version_version_due_at_idx" ON "_assignments_v" USING btree ("version_due_at");
  CREATE INDEX "_assignments_v_version_version_updated_at_idx" ON "_assignments_v" USING btree ("version_updated_at");
  CREATE INDEX "_assignments_v_version_version_created_at_idx" ON "_assignments_v" USING btree ("version_created_at");
  CREATE INDEX "_assignments_v_version_version__status_idx" ON "_assignments_v" USING btree ("version__status");
  CREATE INDEX "_assignments_v_created_at_idx" ON "_assignments_v" USING btree ("created_at");
  CREATE INDEX "_assignments_v_updated_at_idx" ON "_assignments_v" USING btree ("updated_at");
  CREATE INDEX "_assignments_v_snapshot_idx" ON "_assignments_v" USING btree ("snapshot");
  CREATE INDEX "_assignments_v_published_locale_idx" ON "_assignments_v" USING btree ("published_locale");
  CREATE INDEX "_assignments_v_latest_idx" ON "_assignments_v" USING btree ("latest");
  CREATE UNIQUE INDEX "_assignments_v_locales_locale_parent_id_unique" ON "_assignments_v_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "submissions_tenant_idx" ON "submissions" USING btree ("tenant_id");
  CREATE INDEX "submissions_assignment_idx" ON "submissions" USING btree ("assignment_id");
  CREATE INDEX "submissions_course_idx" ON "submissions" USING btree ("course_id");
  CREATE INDEX "submissions_student_idx" ON "submissions" USING btree ("student_id");
  CREATE INDEX "submissions_graded_by_idx" ON "submissions" USING btree ("graded_by_id");
  CREATE INDEX "submissions_updated_at_idx" ON "submissions" USING btree ("updated_at");
  CREATE INDEX "submissions_created_at_idx" ON "submissions" USING btree ("created_at");
  CREATE UNIQUE INDEX "assignment_student_attempt_idx" ON "submissions" USING btree ("assignment_id","student_id","attempt");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_assignments_fk" FOREIGN KEY ("assignments_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_submissions_fk" FOREIGN KEY ("submissions_id") REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_assignments_id_idx" ON "payload_locked_documents_rels" USING btree ("assignments_id");
  CREATE INDEX "payload_locked_documents_rels_submissions_id_idx" ON "payload_locked_documents_rels" USING btree ("submissions_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "assignments_allowed_file_types" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "assignments_rubric_levels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "assignments_rubric_levels_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "assignments_rubric" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "assignments_rubric_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "assignments" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "assignments_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_assignments_v_version_allowed_file_types" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_assignments_v_version_rubric_levels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_assignments_v_version_rubric_levels_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_assignments_v_version_rubric" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_assignments_v_version_rubric_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_assignments_v" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_assignments_v_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "submissions" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "assignments_allowed_file_types" CASCADE;
  DROP TABLE "assignments_rubric_levels" CASCADE;
  DROP TABLE "assignments_rubric_levels_locales" CASCADE;
  DROP TABLE "assignments_rubric" CASCADE;
  DROP TABLE "assignments_rubric_locales" CASCADE;
  DROP TABLE "assignments" CASCADE;
  DROP TABLE "assignments_locales" CASCADE;
  DROP TABLE "_assignments_v_version_allowed_file_types" CASCADE;
  DROP TABLE "_assignments_v_version_rubric_levels" CASCADE;
  DROP TABLE "_assignments_v_version_rubric_levels_locales" CASCADE;
  DROP TABLE "_assignments_v_version_rubric" CASCADE;
  DROP TABLE "_assignments_v_version_rubric_locales" CASCADE;
  DROP TABLE "_assignments_v" CASCADE;
  DROP TABLE "_assignments_v_locales" CASCADE;
  DROP TABLE "submissions" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_assignments_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_submissions_fk";
  
  DROP INDEX "payload_locked_documents_rels_assignments_id_idx";
  DROP INDEX "payload_locked_documents_rels_submissions_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "assignments_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "submissions_id";
  DROP TYPE "public"."enum_assignments_allowed_file_types";
  DROP TYPE "public"."enum_assignments_late_policy";
  DROP TYPE "public"."enum_assignments_submission_type";
  DROP TYPE "public"."enum_assignments_status";
  DROP TYPE "public"."enum__assignments_v_version_allowed_file_types";
  DROP TYPE "public"."enum__assignments_v_version_late_policy";
  DROP TYPE "public"."enum__assignments_v_version_submission_type";
  DROP TYPE "public"."enum__assignments_v_version_status";
  DROP TYPE "public"."enum__assignments_v_published_locale";
  DROP TYPE "public"."enum_submissions_status";`)
}
