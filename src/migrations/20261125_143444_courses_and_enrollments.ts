import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_courses_sections_lessons_type" AS ENUM('text', 'video', 'file', 'live');
  CREATE TYPE "public"."enum_courses_level" AS ENUM('beginner', 'intermediate', 'advanced', 'all-levels');
  CREATE TYPE "public"."enum_courses_language" AS ENUM('en', 'ar', 'so');
  CREATE TYPE "public"."enum_courses_enrollment_policy" AS ENUM('open', 'approval', 'invite-only', 'paid');
  CREATE TYPE "public"."enum_courses_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__courses_v_version_sections_lessons_type" AS ENUM('text', 'video', 'file', 'live');
  CREATE TYPE "public"."enum__courses_v_version_level" AS ENUM('beginner', 'intermediate', 'advanced', 'all-levels');
  CREATE TYPE "public"."enum__courses_v_version_language" AS ENUM('en', 'ar', 'so');
  CREATE TYPE "public"."enum__courses_v_version_enrollment_policy" AS ENUM('open', 'approval', 'invite-only', 'paid');
  CREATE TYPE "public"."enum__courses_v_version_status" AS ENUM('draft', 'published');
  CREATE TYPE "public"."enum__courses_v_published_locale" AS ENUM('en', 'ar', 'so');
  CREATE TYPE "public"."enum_enrollments_status" AS ENUM('pending', 'active', 'completed', 'cancelled', 'expired');
  CREATE TYPE "public"."enum_enrollments_source" AS ENUM('self', 'staff', 'bulk', 'payment');
  CREATE TABLE "courses_sections_lessons" (
  	"_order" integer NOT NULL,
  	"_parent_id" varchar NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"type" "enum_courses_sections_lessons_type" DEFAULT 'text',
  	"required" boolean DEFAULT true,
  	"release_after_days" numeric,
  	"video_url" varchar,
  	"file_id" integer
  );
  
  CREATE TABLE "courses_sections_lessons_locales" (
  	"title" varchar,
  	"body" jsonb,
  	"live_note" varchar,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" varchar NOT NULL
  );
  
  CREATE TABLE "courses_sections" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "courses_sections_locales" (
  	"title" varchar,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" varchar NOT NULL
  );
  
  CREATE TABLE "courses" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"slug" varchar,
  	"category_id" integer,
  	"cover_id" integer,
  	"level" "enum_courses_level" DEFAULT 'all-levels',
  	"language" "enum_courses_language" DEFAULT 'en',
  	"estimated_hours" numeric,
  	"price_amount" numeric,
  	"price_currency" varchar,
  	"enrollment_policy" "enum_courses_enrollment_policy" DEFAULT 'open',
  	"capacity" numeric,
  	"enrollment_opens_at" timestamp(3) with time zone,
  	"enrollment_closes_at" timestamp(3) with time zone,
  	"starts_at" timestamp(3) with time zone,
  	"ends_at" timestamp(3) with time zone,
  	"archived" boolean DEFAULT false,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"_status" "enum_courses_status" DEFAULT 'draft'
  );
  
  CREATE TABLE "courses_locales" (
  	"title" varchar,
  	"summary" varchar,
  	"description" jsonb,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" integer NOT NULL
  );
  
  CREATE TABLE "courses_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"tags_id" integer,
  	"users_id" integer,
  	"courses_id" integer
  );
  
  CREATE TABLE "_courses_v_version_sections_lessons" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"type" "enum__courses_v_version_sections_lessons_type" DEFAULT 'text',
  	"required" boolean DEFAULT true,
  	"release_after_days" numeric,
  	"video_url" varchar,
  	"file_id" integer,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_courses_v_version_sections_lessons_locales" (
  	"title" varchar,
  	"body" jsonb,
  	"live_note" varchar,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" integer NOT NULL
  );
  
  CREATE TABLE "_courses_v_version_sections" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_uuid" varchar
  );
  
  CREATE TABLE "_courses_v_version_sections_locales" (
  	"title" varchar,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" integer NOT NULL
  );
  
  CREATE TABLE "_courses_v" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"parent_id" integer,
  	"version_tenant_id" integer,
  	"version_slug" varchar,
  	"version_category_id" integer,
  	"version_cover_id" integer,
  	"version_level" "enum__courses_v_version_level" DEFAULT 'all-levels',
  	"version_language" "enum__courses_v_version_language" DEFAULT 'en',
  	"version_estimated_hours" numeric,
  	"version_price_amount" numeric,
  	"version_price_currency" varchar,
  	"version_enrollment_policy" "enum__courses_v_version_enrollment_policy" DEFAULT 'open',
  	"version_capacity" numeric,
  	"version_enrollment_opens_at" timestamp(3) with time zone,
  	"version_enrollment_closes_at" timestamp(3) with time zone,
  	"version_starts_at" timestamp(3) with time zone,
  	"version_ends_at" timestamp(3) with time zone,
  	"version_archived" boolean DEFAULT false,
  	"version_updated_at" timestamp(3) with time zone,
  	"version_created_at" timestamp(3) with time zone,
  	"version__status" "enum__courses_v_version_status" DEFAULT 'draft',
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"snapshot" boolean,
  	"published_locale" "enum__courses_v_published_locale",
  	"latest" boolean
  );
  
  CREATE TABLE "_courses_v_locales" (
  	"version_title" varchar,
  	"version_summary" varchar,
  	"version_description" jsonb,
  	"id" serial PRIMARY KEY NOT NULL,
  	"_locale" "_locales" NOT NULL,
  	"_parent_id" integer NOT NULL
  );
  
  CREATE TABLE "_courses_v_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"tags_id" integer,
  	"users_id" integer,
  	"courses_id" integer
  );
  
  CREATE TABLE "enrollments" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"user_id" integer NOT NULL,
  	"course_id" integer NOT NULL,
  	"status" "enum_enrollments_status" DEFAULT 'active' NOT NULL,
  	"source" "enum_enrollments_source" DEFAULT 'staff' NOT NULL,
  	"progress" numeric DEFAULT 0,
  	"completed_lessons" jsonb,
  	"decided_by_id" integer,
  	"note" varchar,
  	"requested_at" timestamp(3) with time zone,
  	"activated_at" timestamp(3) with time zone,
  	"completed_at" timestamp(3) with time zone,
  	"cancelled_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "courses_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "enrollments_id" integer;
  ALTER TABLE "courses_sections_lessons" ADD CONSTRAINT "courses_sections_lessons_file_id_media_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "courses_sections_lessons" ADD CONSTRAINT "courses_sections_lessons_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."courses_sections"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "courses_sections_lessons_locales" ADD CONSTRAINT "courses_sections_lessons_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."courses_sections_lessons"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "courses_sections" ADD CONSTRAINT "courses_sections_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "courses_sections_locales" ADD CONSTRAINT "courses_sections_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."courses_sections"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "courses" ADD CONSTRAINT "courses_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "courses" ADD CONSTRAINT "courses_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "courses" ADD CONSTRAINT "courses_cover_id_media_id_fk" FOREIGN KEY ("cover_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "courses_locales" ADD CONSTRAINT "courses_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "courses_rels" ADD CONSTRAINT "courses_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "courses_rels" ADD CONSTRAINT "courses_rels_tags_fk" FOREIGN KEY ("tags_id") REFERENCES "public"."tags"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "courses_rels" ADD CONSTRAINT "courses_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "courses_rels" ADD CONSTRAINT "courses_rels_courses_fk" FOREIGN KEY ("courses_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_courses_v_version_sections_lessons" ADD CONSTRAINT "_courses_v_version_sections_lessons_file_id_media_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_courses_v_version_sections_lessons" ADD CONSTRAINT "_courses_v_version_sections_lessons_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_courses_v_version_sections"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_courses_v_version_sections_lessons_locales" ADD CONSTRAINT "_courses_v_version_sections_lessons_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_courses_v_version_sections_lessons"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_courses_v_version_sections" ADD CONSTRAINT "_courses_v_version_sections_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_courses_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_courses_v_version_sections_locales" ADD CONSTRAINT "_courses_v_version_sections_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_courses_v_version_sections"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_courses_v" ADD CONSTRAINT "_courses_v_parent_id_courses_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_courses_v" ADD CONSTRAINT "_courses_v_version_tenant_id_tenants_id_fk" FOREIGN KEY ("version_tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_courses_v" ADD CONSTRAINT "_courses_v_version_category_id_categories_id_fk" FOREIGN KEY ("version_category_id") REFERENCES "public"."categories"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_courses_v" ADD CONSTRAINT "_courses_v_version_cover_id_media_id_fk" FOREIGN KEY ("version_cover_id") REFERENCES "public"."media"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "_courses_v_locales" ADD CONSTRAINT "_courses_v_locales_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_courses_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_courses_v_rels" ADD CONSTRAINT "_courses_v_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."_courses_v"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_courses_v_rels" ADD CONSTRAINT "_courses_v_rels_tags_fk" FOREIGN KEY ("tags_id") REFERENCES "public"."tags"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_courses_v_rels" ADD CONSTRAINT "_courses_v_rels_users_fk" FOREIGN KEY ("users_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_courses_v_rels" ADD CONSTRAINT "_courses_v_rels_courses_fk" FOREIGN KEY ("courses_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "courses_sections_lessons_order_idx" ON "courses_sections_lessons" USING btree ("_order");
  CREATE INDEX "courses_sections_lessons_parent_id_idx" ON "courses_sections_lessons" USING btree ("_parent_id");
  CREATE INDEX "courses_sections_lessons_file_idx" ON "courses_sections_lessons" USING btree ("file_id");
  CREATE UNIQUE INDEX "courses_sections_lessons_locales_locale_parent_id_unique" ON "courses_sections_lessons_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "courses_sections_order_idx" ON "courses_sections" USING btree ("_order");
  CREATE INDEX "courses_sections_parent_id_idx" ON "courses_sections" USING btree ("_parent_id");
  CREATE UNIQUE INDEX "courses_sections_locales_locale_parent_id_unique" ON "courses_sections_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "courses_tenant_idx" ON "courses" USING btree ("tenant_id");
  CREATE INDEX "courses_slug_idx" ON "courses" USING btree ("slug");
  CREATE INDEX "courses_category_idx" ON "courses" USING btree ("category_id");
  CREATE INDEX "courses_cover_idx" ON "courses" USING btree ("cover_id");
  CREATE INDEX "courses_starts_at_idx" ON "courses" USING btree ("starts_at");
  CREATE INDEX "courses_archived_idx" ON "courses" USING btree ("archived");
  CREATE INDEX "courses_updated_at_idx" ON "courses" USING btree ("updated_at");
  CREATE INDEX "courses_created_at_idx" ON "courses" USING btree ("created_at");
  CREATE INDEX "courses__status_idx" ON "courses" USING btree ("_status");
  CREATE UNIQUE INDEX "tenant_slug_2_idx" ON "courses" USING btree ("tenant_id","slug");
  CREATE UNIQUE INDEX "courses_locales_locale_parent_id_unique" ON "courses_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "courses_rels_order_idx" ON "courses_rels" USING btree ("order");
  CREATE INDEX "courses_rels_parent_idx" ON "courses_rels" USING btree ("parent_id");
  CREATE INDEX "courses_rels_path_idx" ON "courses_rels" USING btree ("path");
  CREATE INDEX "courses_rels_tags_id_idx" ON "courses_rels" USING btree ("tags_id");
  CREATE INDEX "courses_rels_users_id_idx" ON "courses_rels" USING btree ("users_id");
  CREATE INDEX "courses_rels_courses_id_idx" ON "courses_rels" USING btree ("courses_id");
  CREATE INDEX "_courses_v_version_sections_lessons_order_idx" ON "_courses_v_version_sections_lessons" USING btree ("_order");
  CREATE INDEX "_courses_v_version_sections_lessons_parent_id_idx" ON "_courses_v_version_sections_lessons" USING btree ("_parent_id");
  CREATE INDEX "_courses_v_version_sections_lessons_file_idx" ON "_courses_v_version_sections_lessons" USING btree ("file_id");
  CREATE UNIQUE INDEX "_courses_v_version_sections_lessons_locales_locale_parent_id" ON "_courses_v_version_sections_lessons_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "_courses_v_version_sections_order_idx" ON "_courses_v_version_sections" USING btree ("_order");
  CREATE INDEX "_courses_v_version_sections_parent_id_idx" ON "_courses_v_version_sections" USING btree ("_parent_id");
  CREATE UNIQUE INDEX "_courses_v_version_sections_locales_locale_parent_id_unique" ON "_courses_v_version_sections_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "_courses_v_parent_idx" ON "_courses_v" USING btree ("parent_id");
  CREATE INDEX "_courses_v_version_version_tenant_idx" ON "_courses_v" USING btree ("version_tenant_id");
  CREATE INDEX "_courses_v_version_version_slug_idx" ON "_courses_v" USING btree ("version_slug");
  CREATE INDEX "_courses_v_version_version_category_idx" ON "_courses_v" USING btree ("version_category_id");
  CREATE INDEX "_courses_v_version_version_cover_idx" ON "_courses_v" USING btree ("version_cover_id");
  CREATE INDEX "_courses_v_version_version_starts_at_idx" ON "_courses_v" USING btree ("version_starts_at");
  CREATE INDEX "_courses_v_version_version_archived_idx" ON "_courses_v" USING btree ("version_archived");
  CREATE INDEX "_courses_v_version_version_updated_at_idx" ON "_courses_v" USING btree ("version_updated_at");
  CREATE INDEX "_courses_v_version_version_created_at_idx" ON "_courses_v" USING btree ("version_created_at");
  CREATE INDEX "_courses_v_version_version__status_idx" ON "_courses_v" USING btree ("version__status");
  CREATE INDEX "_courses_v_created_at_idx" ON "_courses_v" USING btree ("created_at");
  CREATE INDEX "_courses_v_updated_at_idx" ON "_courses_v" USING btree ("updated_at");
  CREATE INDEX "_courses_v_snapshot_idx" ON "_courses_v" USING btree ("snapshot");
  CREATE INDEX "_courses_v_published_locale_idx" ON "_courses_v" USING btree ("published_locale");
  CREATE INDEX "_courses_v_latest_idx" ON "_courses_v" USING btree ("latest");
  CREATE INDEX "version_tenant_version_slug_idx" ON "_courses_v" USING btree ("version_tenant_id","version_slug");
  CREATE UNIQUE INDEX "_courses_v_locales_locale_parent_id_unique" ON "_courses_v_locales" USING btree ("_locale","_parent_id");
  CREATE INDEX "_courses_v_rels_order_idx" ON "_courses_v_rels" USING btree ("order");
  CREATE INDEX "_courses_v_rels_parent_idx" ON "_courses_v_rels" USING btree ("parent_id");
  CREATE INDEX "_courses_v_rels_path_idx" ON "_courses_v_rels" USING btree ("path");
  CREATE INDEX "_courses_v_rels_tags_id_idx" ON "_courses_v_rels" USING btree ("tags_id");
  CREATE INDEX "_courses_v_rels_users_id_idx" ON "_courses_v_rels" USING btree ("users_id");
  CREATE INDEX "_courses_v_rels_courses_id_idx" ON "_courses_v_rels" USING btree ("courses_id");
  CREATE INDEX "enrollments_tenant_idx" ON "enrollments" USING btree ("tenant_id");
  CREATE INDEX "enrollments_user_idx" ON "enrollments" USING btree ("user_id");
  CREATE INDEX "enrollments_course_idx" ON "enrollments" USING btree ("course_id");
  CREATE INDEX "enrollments_status_idx" ON "enrollments" USING btree ("status");
  CREATE INDEX "enrollments_decided_by_idx" ON "enrollments" USING btree ("decided_by_id");
  CREATE INDEX "enrollments_updated_at_idx" ON "enrollments" USING btree ("updated_at");
  CREATE INDEX "enrollments_created_at_idx" ON "enrollments" USING btree ("created_at");
  CREATE UNIQUE INDEX "user_course_idx" ON "enrollments" USING btree ("user_id","course_id");
  CREATE INDEX "course_status_idx" ON "enrollments" USING btree ("course_id","status");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_courses_fk" FOREIGN KEY ("courses_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_enrollments_fk" FOREIGN KEY ("enrollments_id") REFERENCES "public"."enrollments"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_courses_id_idx" ON "payload_locked_documents_rels" USING btree ("courses_id");
  CREATE INDEX "payload_locked_documents_rels_enrollments_id_idx" ON "payload_locked_documents_rels" USING btree ("enrollments_id");`)

  // Catalog search (hand-written; Payload does not generate expression indexes).
  // Arabic text is normalised before indexing: diacritics and tatweel dropped, alef,
  // yaa and taa marbuta forms unified, the definite article (with its prefixes) cut,
  // so "برمجة" finds "البرمجة". English is stemmed; Somali and Arabic use simple.
  await db.execute(sql`
  CREATE FUNCTION aqoon_search_text(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT regexp_replace(
        translate(regexp_replace(lower(coalesce(value, '')), '[\\u064B-\\u065F\\u0670\\u0640]', '', 'g'), 'أإآٱىة', 'اااايه'),
        '(^|\\s)(وال|بال|كال|فال|لل|ال)(\\S{2,})', '\\1\\3', 'g')
    $$;
  CREATE INDEX "courses_locales_search_en" ON "courses_locales" USING gin
    (to_tsvector('english'::regconfig, aqoon_search_text(coalesce("title", '') || ' ' || coalesce("summary", '')))) WHERE "_locale" = 'en';
  CREATE INDEX "courses_locales_search_ar" ON "courses_locales" USING gin
    (to_tsvector('simple'::regconfig, aqoon_search_text(coalesce("title", '') || ' ' || coalesce("summary", '')))) WHERE "_locale" = 'ar';
  CREATE INDEX "courses_locales_search_so" ON "courses_locales" USING gin
    (to_tsvector('simple'::regconfig, aqoon_search_text(coalesce("title", '') || ' ' || coalesce("summary", '')))) WHERE "_locale" = 'so';
  CREATE INDEX "courses_catalog_idx" ON "courses" USING btree ("tenant_id", "_status", "archived", "created_at");
  CREATE INDEX "courses_tenant_updated_idx" ON "courses" USING btree ("tenant_id", "updated_at");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "courses_sections_lessons" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "courses_sections_lessons_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "courses_sections" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "courses_sections_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "courses" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "courses_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "courses_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_courses_v_version_sections_lessons" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_courses_v_version_sections_lessons_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_courses_v_version_sections" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_courses_v_version_sections_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_courses_v" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_courses_v_locales" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_courses_v_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "enrollments" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "courses_sections_lessons" CASCADE;
  DROP TABLE "courses_sections_lessons_locales" CASCADE;
  DROP TABLE "courses_sections" CASCADE;
  DROP TABLE "courses_sections_locales" CASCADE;
  DROP TABLE "courses" CASCADE;
  DROP FUNCTION IF EXISTS aqoon_search_text(text);
  DROP TABLE "courses_locales" CASCADE;
  DROP TABLE "courses_rels" CASCADE;
  DROP TABLE "_courses_v_version_sections_lessons" CASCADE;
  DROP TABLE "_courses_v_version_sections_lessons_locales" CASCADE;
  DROP TABLE "_courses_v_version_sections" CASCADE;
  DROP TABLE "_courses_v_version_sections_locales" CASCADE;
  DROP TABLE "_courses_v" CASCADE;
  DROP TABLE "_courses_v_locales" CASCADE;
  DROP TABLE "_courses_v_rels" CASCADE;
  DROP TABLE "enrollments" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_courses_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_enrollments_fk";
  
  DROP INDEX "payload_locked_documents_rels_courses_id_idx";
  DROP INDEX "payload_locked_documents_rels_enrollments_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "courses_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "enrollments_id";
  DROP TYPE "public"."enum_courses_sections_lessons_type";
  DROP TYPE "public"."enum_courses_level";
  DROP TYPE "public"."enum_courses_language";
  DROP TYPE "public"."enum_courses_enrollment_policy";
  DROP TYPE "public"."enum_courses_status";
  DROP TYPE "public"."enum__courses_v_version_sections_lessons_type";
  DROP TYPE "public"."enum__courses_v_version_level";
  DROP TYPE "public"."enum__courses_v_version_language";
  DROP TYPE "public"."enum__courses_v_version_enrollment_policy";
  DROP TYPE "public"."enum__courses_v_version_status";
  DROP TYPE "public"."enum__courses_v_published_locale";
  DROP TYPE "public"."enum_enrollments_status";
  DROP TYPE "public"."enum_enrollments_source";`)
}
