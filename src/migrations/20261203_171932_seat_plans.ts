import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_seat_plans_interval" AS ENUM('month', 'year');
  CREATE TYPE "public"."enum_seat_subscriptions_status" AS ENUM('pending', 'active', 'past-due', 'lapsed', 'cancelled');
  CREATE TYPE "public"."enum_seat_assignments_status" AS ENUM('active', 'freed');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'suspendLapsedSeats';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'suspendLapsedSeats';
  CREATE TABLE "seat_plans" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"name" varchar NOT NULL,
  	"price_per_seat" numeric NOT NULL,
  	"currency" varchar DEFAULT 'USD' NOT NULL,
  	"interval" "enum_seat_plans_interval" DEFAULT 'month' NOT NULL,
  	"min_seats" numeric DEFAULT 1,
  	"max_seats" numeric DEFAULT 1000,
  	"active" boolean DEFAULT true,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "seat_plans_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"courses_id" integer
  );
  
  CREATE TABLE "seat_subscriptions" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"organisation" varchar NOT NULL,
  	"plan_id" integer NOT NULL,
  	"manager_id" integer NOT NULL,
  	"seats" numeric NOT NULL,
  	"status" "enum_seat_subscriptions_status" DEFAULT 'pending' NOT NULL,
  	"current_period_end" timestamp(3) with time zone,
  	"grace_until" timestamp(3) with time zone,
  	"suspended_at" timestamp(3) with time zone,
  	"order_id" integer,
  	"stripe_checkout_session" varchar,
  	"stripe_subscription" varchar,
  	"stripe_customer" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "seat_assignments" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"title" varchar,
  	"subscription_id" integer NOT NULL,
  	"manager_id" integer NOT NULL,
  	"person_id" integer NOT NULL,
  	"status" "enum_seat_assignments_status" DEFAULT 'active' NOT NULL,
  	"assigned_by_id" integer,
  	"assigned_at" timestamp(3) with time zone NOT NULL,
  	"freed_at" timestamp(3) with time zone,
  	"enrollments" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "orders" ADD COLUMN "seat_subscription_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "seat_plans_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "seat_subscriptions_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "seat_assignments_id" integer;
  ALTER TABLE "seat_plans" ADD CONSTRAINT "seat_plans_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "seat_plans_rels" ADD CONSTRAINT "seat_plans_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."seat_plans"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "seat_plans_rels" ADD CONSTRAINT "seat_plans_rels_courses_fk" FOREIGN KEY ("courses_id") REFERENCES "public"."courses"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "seat_subscriptions" ADD CONSTRAINT "seat_subscriptions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "seat_subscriptions" ADD CONSTRAINT "seat_subscriptions_plan_id_seat_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."seat_plans"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "seat_subscriptions" ADD CONSTRAINT "seat_subscriptions_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "seat_subscriptions" ADD CONSTRAINT "seat_subscriptions_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "seat_assignments" ADD CONSTRAINT "seat_assignments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "seat_assignments" ADD CONSTRAINT "seat_assignments_subscription_id_seat_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."seat_subscriptions"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "seat_assignments" ADD CONSTRAINT "seat_assignments_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "seat_assignments" ADD CONSTRAINT "seat_assignments_person_id_users_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "seat_assignments" ADD CONSTRAINT "seat_assignments_assigned_by_id_users_id_fk" FOREIGN KEY ("assigned_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "seat_plans_tenant_idx" ON "seat_plans" USING btree ("tenant_id");
  CREATE INDEX "seat_plans_updated_at_idx" ON "seat_plans" USING btree ("updated_at");
  CREATE INDEX "seat_plans_created_at_idx" ON "seat_plans" USING btree ("created_at");
  CREATE INDEX "seat_plans_rels_order_idx" ON "seat_plans_rels" USING btree ("order");
  CREATE INDEX "seat_plans_rels_parent_idx" ON "seat_plans_rels" USING btree ("parent_id");
  CREATE INDEX "seat_plans_rels_path_idx" ON "seat_plans_rels" USING btree ("path");
  CREATE INDEX "seat_plans_rels_courses_id_idx" ON "seat_plans_rels" USING btree ("courses_id");
  CREATE INDEX "seat_subscriptions_tenant_idx" ON "seat_subscriptions" USING btree ("tenant_id");
  CREATE INDEX "seat_subscriptions_plan_idx" ON "seat_subscriptions" USING btree ("plan_id");
  CREATE INDEX "seat_subscriptions_manager_idx" ON "seat_subscriptions" USING btree ("manager_id");
  CREATE INDEX "seat_subscriptions_status_idx" ON "seat_subscriptions" USING btree ("status");
  CREATE INDEX "seat_subscriptions_order_idx" ON "seat_subscriptions" USING btree ("order_id");
  CREATE INDEX "seat_subscriptions_stripe_stripe_checkout_session_idx" ON "seat_subscriptions" USING btree ("stripe_checkout_session");
  CREATE INDEX "seat_subscriptions_stripe_stripe_subscription_idx" ON "seat_subscriptions" USING btree ("stripe_subscription");
  CREATE INDEX "seat_subscriptions_updated_at_idx" ON "seat_subscriptions" USING btree ("updated_at");
  CREATE INDEX "seat_subscriptions_created_at_idx" ON "seat_subscriptions" USING btree ("created_at");
  CREATE INDEX "seat_assignments_tenant_idx" ON "seat_assignments" USING btree ("tenant_id");
  CREATE INDEX "seat_assignments_subscription_idx" ON "seat_assignments" USING btree ("subscription_id");
  CREATE INDEX "seat_assignments_manager_idx" ON "seat_assignments" USING btree ("manager_id");
  CREATE INDEX "seat_assignments_person_idx" ON "seat_assignments" USING btree ("person_id");
  CREATE INDEX "seat_assignments_assigned_by_idx" ON "seat_assignments" USING btree ("assigned_by_id");
  CREATE INDEX "seat_assignments_updated_at_idx" ON "seat_assignments" USING btree ("updated_at");
  CREATE INDEX "seat_assignments_created_at_idx" ON "seat_assignments" USING btree ("created_at");
  CREATE INDEX "subscription_person_status_idx" ON "seat_assignments" USING btree ("subscription_id","person_id","status");
  ALTER TABLE "orders" ADD CONSTRAINT "orders_seat_subscription_id_seat_subscriptions_id_fk" FOREIGN KEY ("seat_subscription_id") REFERENCES "public"."seat_subscriptions"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_seat_plans_fk" FOREIGN KEY ("seat_plans_id") REFERENCES "public"."seat_plans"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_seat_subscriptions_fk" FOREIGN KEY ("seat_subscriptions_id") REFERENCES "public"."seat_subscriptions"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_seat_assignments_fk" FOREIGN KEY ("seat_assignments_id") REFERENCES "public"."seat_assignments"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "orders_seat_subscription_idx" ON "orders" USING btree ("seat_subscription_id");
  CREATE INDEX "payload_locked_documents_rels_seat_plans_id_idx" ON "payload_locked_documents_rels" USING btree ("seat_plans_id");
  CREATE INDEX "payload_locked_documents_rels_seat_subscriptions_id_idx" ON "payload_locked_documents_rels" USING btree ("seat_subscriptions_id");
  CREATE INDEX "payload_locked_documents_rels_seat_assignments_id_idx" ON "payload_locked_documents_rels" USING btree ("seat_assignments_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "seat_plans" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "seat_plans_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "seat_subscriptions" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "seat_assignments" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "seat_plans" CASCADE;
  DROP TABLE "seat_plans_rels" CASCADE;
  DROP TABLE "seat_subscriptions" CASCADE;
  DROP TABLE "seat_assignments" CASCADE;
  ALTER TABLE "orders" DROP CONSTRAINT "orders_seat_subscription_id_seat_subscriptions_id_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_seat_plans_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_seat_subscriptions_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_seat_assignments_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'expireEnrollments', 'issueCertificate', 'sendNotification', 'deliverInvoice', 'applyProviderEvents');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'expireEnrollments', 'issueCertificate', 'sendNotification', 'deliverInvoice', 'applyProviderEvents');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "orders_seat_subscription_idx";
  DROP INDEX "payload_locked_documents_rels_seat_plans_id_idx";
  DROP INDEX "payload_locked_documents_rels_seat_subscriptions_id_idx";
  DROP INDEX "payload_locked_documents_rels_seat_assignments_id_idx";
  ALTER TABLE "orders" DROP COLUMN "seat_subscription_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "seat_plans_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "seat_subscriptions_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "seat_assignments_id";
  DROP TYPE "public"."enum_seat_plans_interval";
  DROP TYPE "public"."enum_seat_subscriptions_status";
  DROP TYPE "public"."enum_seat_assignments_status";`)
}
