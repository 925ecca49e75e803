import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_certificates_status" AS ENUM('valid', 'revoked');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'issueCertificate';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'issueCertificate';
  CREATE TABLE "certificates" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"title" varchar,
  	"serial" varchar NOT NULL,
  	"status" "enum_certificates_status" DEFAULT 'valid' NOT NULL,
  	"revoked_reason" varchar,
  	"revoked_at" timestamp(3) with time zone,
  	"revoked_by_id" integer,
  	"holder_id" integer NOT NULL,
  	"enrollment_id" integer NOT NULL,
  	"course_id" integer NOT NULL,
  	"holder_name" varchar NOT NULL,
  	"course_title" varchar NOT NULL,
  	"school_name" varchar NOT NULL,
  	"locale" varchar NOT NULL,
  	"issued_at" timestamp(3) with time zone NOT NULL,
  	"file_id" integer,
  	"replaces_id" integer,
  	"credential" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "certificate_files" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"holder_id" integer NOT NULL,
  	"course_id" integer NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"url" varchar,
  	"thumbnail_u_r_l" varchar,
  	"filename" varchar,
  	"mime_type" varchar,
  	"filesize" numeric,
  	"width" numeric,
  	"height" numeric,
  	"focal_x" numeric,
  	"focal_y" numeric
  );
  
  ALTER TABLE "courses" ADD COLUMN "issues_certificate" boolean DEFAULT true;
  ALTER TABLE "_courses_v" ADD COLUMN "version_issues_certificate" boolean DEFAULT true;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "certificates_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "certificate_files_id" integer;
  ALTER TABLE "certificates" ADD CONSTRAINT "certificates_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "certificates" ADD CONSTRAINT "certificates_revoked_by_id_users_id_fk" FOREIGN KEY ("revoked_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "certificates" ADD CONSTRAINT "certificates_holder_id_users_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "certificates" ADD CONSTRAINT "certificates_enrollment_id_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "certificates" ADD CONSTRAINT "certificates_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "certificates" ADD CONSTRAINT "certificates_file_id_certificate_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."certificate_files"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "certificates" ADD CONSTRAINT "certificates_replaces_id_certificates_id_fk" FOREIGN KEY ("replaces_id") REFERENCES "public"."certificates"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "certificate_files" ADD CONSTRAINT "certificate_files_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "certificate_files" ADD CONSTRAINT "certificate_files_holder_id_users_id_fk" FOREIGN KEY ("holder_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "certificate_files" ADD CONSTRAINT "certificate_files_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "certificates_tenant_idx" ON "certificates" USING btree ("tenant_id");
  CREATE UNIQUE INDEX "certificates_serial_idx" ON "certificates" USING btree ("serial");
  CREATE INDEX "certificates_status_idx" ON "certificates" USING btree ("status");
  CREATE INDEX "certificates_revoked_by_idx" ON "certificates" USING btree ("revoked_by_id");
  CREATE INDEX "certificates_holder_idx" ON "certificates" USING btree ("holder_id");
  CREATE INDEX "certificates_enrollment_idx" ON "certificates" USING btree ("enrollment_id");
  CREATE INDEX "certificates_course_idx" ON "certificates" USING btree ("course_id");
  CREATE INDEX "certificates_file_idx" ON "certificates" USING btree ("file_id");
  CREATE INDEX "certificates_replaces_idx" ON "certificates" USING btree ("replaces_id");
  CREATE INDEX "certificates_updated_at_idx" ON "certificates" USING btree ("updated_at");
  CREATE INDEX "certificates_created_at_idx" ON "certificates" USING btree ("created_at");
  CREATE INDEX "enrollment_status_idx" ON "certificates" USING btree ("enrollment_id","status");
  CREATE INDEX "certificate_files_tenant_idx" ON "certificate_files" USING btree ("tenant_id");
  CREATE INDEX "certificate_files_holder_idx" ON "certificate_files" USING btree ("holder_id");
  CREATE INDEX "certificate_files_course_idx" ON "certificate_files" USING btree ("course_id");
  CREATE INDEX "certificate_files_updated_at_idx" ON "certificate_files" USING btree ("updated_at");
  CREATE INDEX "certificate_files_created_at_idx" ON "certificate_files" USING btree ("created_at");
  CREATE UNIQUE INDEX "certificate_files_filename_idx" ON "certificate_files" USING btree ("filename");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_certificates_fk" FOREIGN KEY ("certificates_id") REFERENCES "public"."certificates"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_certificate_files_fk" FOREIGN KEY ("certificate_files_id") REFERENCES "public"."certificate_files"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_certificates_id_idx" ON "payload_locked_documents_rels" USING btree ("certificates_id");
  CREATE INDEX "payload_locked_documents_rels_certificate_files_id_idx" ON "payload_locked_documents_rels" USING btree ("certificate_files_id");
  -- Hand-written: at most one valid certificate per enrollment, whatever issues it.
  CREATE UNIQUE INDEX "certificates_one_valid_per_enrollment" ON "certificates" USING btree ("enrollment_id") WHERE "status" = 'valid';`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "certificates" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "certificate_files" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "certificates" CASCADE;
  DROP TABLE "certificate_files" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_certificates_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_certificate_files_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'expireEnrollments');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'expireEnrollments');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "payload_locked_documents_rels_certificates_id_idx";
  DROP INDEX "payload_locked_documents_rels_certificate_files_id_idx";
  ALTER TABLE "courses" DROP COLUMN "issues_certificate";
  ALTER TABLE "_courses_v" DROP COLUMN "version_issues_certificate";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "certificates_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "certificate_files_id";
  DROP TYPE "public"."enum_certificates_status";`)
}
