import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

// A person's notifications go with them (set null, as generated, cannot hold on a required column).
export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_notifications_kind" AS ENUM('enrollment-approved', 'enrollment-declined', 'course-completed', 'certificate-issued', 'grade-released', 'quiz-closed', 'class-scheduled', 'class-starting-soon', 'recording-available', 'summary-published', 'quiz-published', 'payment-received', 'payment-failed', 'payment-refunded', 'seats-payment-due', 'seats-suspended', 'enrollment-requested', 'submission-handed-in', 'proof-uploaded', 'tutor-flag', 'summary-drafted');
  CREATE TYPE "public"."enum_notifications_category" AS ENUM('courses', 'grades', 'live-classes', 'course-updates', 'payments', 'teaching');
  CREATE TYPE "public"."enum_notifications_locale" AS ENUM('en', 'ar', 'so');
  CREATE TABLE "notifications" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"person_id" integer NOT NULL,
  	"kind" "enum_notifications_kind" NOT NULL,
  	"category" "enum_notifications_category" NOT NULL,
  	"critical" boolean DEFAULT false,
  	"title" varchar NOT NULL,
  	"body" varchar,
  	"link" varchar,
  	"locale" "enum_notifications_locale" DEFAULT 'en' NOT NULL,
  	"event" numeric NOT NULL,
  	"read_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "notifications_id" integer;
  ALTER TABLE "notifications" ADD CONSTRAINT "notifications_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "notifications" ADD CONSTRAINT "notifications_person_id_users_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "notifications_tenant_idx" ON "notifications" USING btree ("tenant_id");
  CREATE INDEX "notifications_person_idx" ON "notifications" USING btree ("person_id");
  CREATE INDEX "notifications_read_at_idx" ON "notifications" USING btree ("read_at");
  CREATE INDEX "notifications_updated_at_idx" ON "notifications" USING btree ("updated_at");
  CREATE INDEX "notifications_created_at_idx" ON "notifications" USING btree ("created_at");
  CREATE UNIQUE INDEX "event_person_idx" ON "notifications" USING btree ("event","person_id");
  CREATE INDEX "person_readAt_idx" ON "notifications" USING btree ("person_id","read_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_notifications_fk" FOREIGN KEY ("notifications_id") REFERENCES "public"."notifications"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_notifications_id_idx" ON "payload_locked_documents_rels" USING btree ("notifications_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "notifications" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "notifications" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_notifications_fk";
  
  DROP INDEX "payload_locked_documents_rels_notifications_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "notifications_id";
  DROP TYPE "public"."enum_notifications_kind";
  DROP TYPE "public"."enum_notifications_category";
  DROP TYPE "public"."enum_notifications_locale";`)
}
