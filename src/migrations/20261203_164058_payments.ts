import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_coupons_kind" AS ENUM('percent', 'fixed');
  CREATE TYPE "public"."enum_orders_kind" AS ENUM('course', 'seats');
  CREATE TYPE "public"."enum_orders_status" AS ENUM('pending', 'awaiting-approval', 'succeeded', 'failed', 'refunded', 'partially-refunded');
  CREATE TYPE "public"."enum_orders_provider" AS ENUM('stripe', 'paypal', 'bank');
  CREATE TYPE "public"."enum_payments_kind" AS ENUM('charge', 'refund');
  CREATE TYPE "public"."enum_payments_provider" AS ENUM('stripe', 'paypal', 'bank');
  CREATE TYPE "public"."enum_invoices_kind" AS ENUM('invoice', 'credit-note');
  CREATE TYPE "public"."enum_provider_events_provider" AS ENUM('stripe', 'paypal', 'bank');
  CREATE TYPE "public"."enum_provider_events_status" AS ENUM('received', 'applied', 'ignored', 'failed');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'deliverInvoice';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'applyProviderEvents';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'deliverInvoice';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'applyProviderEvents';
  CREATE TABLE "payment_settings" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"stripe_enabled" boolean DEFAULT true,
  	"paypal_enabled" boolean DEFAULT false,
  	"bank_enabled" boolean DEFAULT false,
  	"stripe_account_id" varchar,
  	"platform_fee_percent" numeric DEFAULT 0,
  	"paypal_client_id" varchar,
  	"paypal_client_secret" varchar,
  	"paypal_secret_hint" varchar,
  	"paypal_webhook_id" varchar,
  	"bank_details" varchar,
  	"bank_details_set" boolean,
  	"tax_rate" numeric DEFAULT 0,
  	"tax_label" varchar DEFAULT 'Tax',
  	"prices_include_tax" boolean DEFAULT false,
  	"legal_name" varchar,
  	"address" varchar,
  	"tax_id" varchar,
  	"invoice_email" varchar,
  	"invoice_prefix" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "coupons" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"code" varchar NOT NULL,
  	"kind" "enum_coupons_kind" DEFAULT 'percent' NOT NULL,
  	"percent_off" numeric,
  	"amount_off" numeric,
  	"currency" varchar,
  	"course_id" integer,
  	"valid_from" timestamp(3) with time zone,
  	"valid_until" timestamp(3) with time zone,
  	"max_redemptions" numeric,
  	"redemptions" numeric DEFAULT 0,
  	"active" boolean DEFAULT true,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "orders" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"reference" varchar NOT NULL,
  	"buyer_id" integer NOT NULL,
  	"buyer_email" varchar,
  	"kind" "enum_orders_kind" DEFAULT 'course' NOT NULL,
  	"course_id" integer,
  	"quantity" numeric DEFAULT 1 NOT NULL,
  	"status" "enum_orders_status" DEFAULT 'pending' NOT NULL,
  	"provider" "enum_orders_provider" NOT NULL,
  	"currency" varchar NOT NULL,
  	"subtotal" numeric NOT NULL,
  	"discount" numeric DEFAULT 0 NOT NULL,
  	"tax" numeric DEFAULT 0 NOT NULL,
  	"total" numeric NOT NULL,
  	"refunded" numeric DEFAULT 0 NOT NULL,
  	"tax_rate" numeric DEFAULT 0,
  	"tax_included" boolean DEFAULT false,
  	"coupon_id" integer,
  	"coupon_code" varchar,
  	"idempotency_key" varchar NOT NULL,
  	"locale" varchar,
  	"holds_place_until" timestamp(3) with time zone,
  	"stripe_checkout_session" varchar,
  	"stripe_payment_intent" varchar,
  	"stripe_account" varchar,
  	"stripe_application_fee" numeric,
  	"stripe_url" varchar,
  	"paypal_order" varchar,
  	"paypal_capture" varchar,
  	"paypal_url" varchar,
  	"enrollment_id" integer,
  	"invoice_id" integer,
  	"paid_at" timestamp(3) with time zone,
  	"failed_at" timestamp(3) with time zone,
  	"failure_reason" varchar,
  	"attention" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "payments" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"order_id" integer NOT NULL,
  	"buyer_id" integer NOT NULL,
  	"kind" "enum_payments_kind" NOT NULL,
  	"provider" "enum_payments_provider" NOT NULL,
  	"amount" numeric NOT NULL,
  	"currency" varchar NOT NULL,
  	"reference" varchar NOT NULL,
  	"by_id" integer,
  	"note" varchar,
  	"at" timestamp(3) with time zone NOT NULL,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "invoices" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"number" varchar NOT NULL,
  	"kind" "enum_invoices_kind" NOT NULL,
  	"sequence" numeric NOT NULL,
  	"issued_at" timestamp(3) with time zone NOT NULL,
  	"order_id" integer NOT NULL,
  	"payment_id" integer NOT NULL,
  	"buyer_id" integer NOT NULL,
  	"credits_id" integer,
  	"currency" varchar NOT NULL,
  	"total" numeric NOT NULL,
  	"tax" numeric NOT NULL,
  	"locale" varchar NOT NULL,
  	"face" jsonb NOT NULL,
  	"file_id" integer,
  	"emailed_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "invoice_files" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"buyer_id" integer NOT NULL,
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
  
  CREATE TABLE "provider_events" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"provider" "enum_provider_events_provider" NOT NULL,
  	"event_id" varchar NOT NULL,
  	"type" varchar NOT NULL,
  	"school_id" integer,
  	"account" varchar,
  	"status" "enum_provider_events_status" DEFAULT 'received' NOT NULL,
  	"attempts" numeric DEFAULT 0 NOT NULL,
  	"outcome" varchar,
  	"payload" jsonb NOT NULL,
  	"received_at" timestamp(3) with time zone NOT NULL,
  	"applied_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "payment_settings_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "coupons_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "orders_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "payments_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "invoices_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "invoice_files_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "provider_events_id" integer;
  ALTER TABLE "payment_settings" ADD CONSTRAINT "payment_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "coupons" ADD CONSTRAINT "coupons_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "coupons" ADD CONSTRAINT "coupons_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "orders" ADD CONSTRAINT "orders_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "orders" ADD CONSTRAINT "orders_buyer_id_users_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "orders" ADD CONSTRAINT "orders_course_id_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."courses"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "orders" ADD CONSTRAINT "orders_coupon_id_coupons_id_fk" FOREIGN KEY ("coupon_id") REFERENCES "public"."coupons"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "orders" ADD CONSTRAINT "orders_enrollment_id_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "orders" ADD CONSTRAINT "orders_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payments" ADD CONSTRAINT "payments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payments" ADD CONSTRAINT "payments_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payments" ADD CONSTRAINT "payments_buyer_id_users_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "payments" ADD CONSTRAINT "payments_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "invoices" ADD CONSTRAINT "invoices_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "invoices" ADD CONSTRAINT "invoices_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "invoices" ADD CONSTRAINT "invoices_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "invoices" ADD CONSTRAINT "invoices_buyer_id_users_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "invoices" ADD CONSTRAINT "invoices_credits_id_invoices_id_fk" FOREIGN KEY ("credits_id") REFERENCES "public"."invoices"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "invoices" ADD CONSTRAINT "invoices_file_id_invoice_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."invoice_files"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "invoice_files" ADD CONSTRAINT "invoice_files_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "invoice_files" ADD CONSTRAINT "invoice_files_buyer_id_users_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "provider_events" ADD CONSTRAINT "provider_events_school_id_tenants_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "payment_settings_tenant_idx" ON "payment_settings" USING btree ("tenant_id");
  CREATE INDEX "payment_settings_updated_at_idx" ON "payment_settings" USING btree ("updated_at");
  CREATE INDEX "payment_settings_created_at_idx" ON "payment_settings" USING btree ("created_at");
  CREATE UNIQUE INDEX "tenant_idx" ON "payment_settings" USING btree ("tenant_id");
  CREATE INDEX "coupons_tenant_idx" ON "coupons" USING btree ("tenant_id");
  CREATE INDEX "coupons_course_idx" ON "coupons" USING btree ("course_id");
  CREATE INDEX "coupons_updated_at_idx" ON "coupons" USING btree ("updated_at");
  CREATE INDEX "coupons_created_at_idx" ON "coupons" USING btree ("created_at");
  CREATE UNIQUE INDEX "tenant_code_idx" ON "coupons" USING btree ("tenant_id","code");
  CREATE INDEX "orders_tenant_idx" ON "orders" USING btree ("tenant_id");
  CREATE UNIQUE INDEX "orders_reference_idx" ON "orders" USING btree ("reference");
  CREATE INDEX "orders_buyer_idx" ON "orders" USING btree ("buyer_id");
  CREATE INDEX "orders_course_idx" ON "orders" USING btree ("course_id");
  CREATE INDEX "orders_status_idx" ON "orders" USING btree ("status");
  CREATE INDEX "orders_coupon_idx" ON "orders" USING btree ("coupon_id");
  CREATE INDEX "orders_stripe_stripe_checkout_session_idx" ON "orders" USING btree ("stripe_checkout_session");
  CREATE INDEX "orders_stripe_stripe_payment_intent_idx" ON "orders" USING btree ("stripe_payment_intent");
  CREATE INDEX "orders_paypal_paypal_order_idx" ON "orders" USING btree ("paypal_order");
  CREATE INDEX "orders_paypal_paypal_capture_idx" ON "orders" USING btree ("paypal_capture");
  CREATE INDEX "orders_enrollment_idx" ON "orders" USING btree ("enrollment_id");
  CREATE INDEX "orders_invoice_idx" ON "orders" USING btree ("invoice_id");
  CREATE INDEX "orders_updated_at_idx" ON "orders" USING btree ("updated_at");
  CREATE INDEX "orders_created_at_idx" ON "orders" USING btree ("created_at");
  CREATE UNIQUE INDEX "buyer_idempotencyKey_idx" ON "orders" USING btree ("buyer_id","idempotency_key");
  CREATE INDEX "status_course_idx" ON "orders" USING btree ("status","course_id");
  CREATE INDEX "payments_tenant_idx" ON "payments" USING btree ("tenant_id");
  CREATE INDEX "payments_order_idx" ON "payments" USING btree ("order_id");
  CREATE INDEX "payments_buyer_idx" ON "payments" USING btree ("buyer_id");
  CREATE INDEX "payments_by_idx" ON "payments" USING btree ("by_id");
  CREATE INDEX "payments_updated_at_idx" ON "payments" USING btree ("updated_at");
  CREATE INDEX "payments_created_at_idx" ON "payments" USING btree ("created_at");
  CREATE UNIQUE INDEX "provider_reference_idx" ON "payments" USING btree ("provider","reference");
  CREATE INDEX "invoices_tenant_idx" ON "invoices" USING btree ("tenant_id");
  CREATE INDEX "invoices_order_idx" ON "invoices" USING btree ("order_id");
  CREATE INDEX "invoices_payment_idx" ON "invoices" USING btree ("payment_id");
  CREATE INDEX "invoices_buyer_idx" ON "invoices" USING btree ("buyer_id");
  CREATE INDEX "invoices_credits_idx" ON "invoices" USING btree ("credits_id");
  CREATE INDEX "invoices_file_idx" ON "invoices" USING btree ("file_id");
  CREATE INDEX "invoices_updated_at_idx" ON "invoices" USING btree ("updated_at");
  CREATE INDEX "invoices_created_at_idx" ON "invoices" USING btree ("created_at");
  CREATE UNIQUE INDEX "tenant_number_idx" ON "invoices" USING btree ("tenant_id","number");
  CREATE UNIQUE INDEX "tenant_kind_sequence_idx" ON "invoices" USING btree ("tenant_id","kind","sequence");
  CREATE UNIQUE INDEX "payment_idx" ON "invoices" USING btree ("payment_id");
  CREATE INDEX "invoice_files_tenant_idx" ON "invoice_files" USING btree ("tenant_id");
  CREATE INDEX "invoice_files_buyer_idx" ON "invoice_files" USING btree ("buyer_id");
  CREATE INDEX "invoice_files_updated_at_idx" ON "invoice_files" USING btree ("updated_at");
  CREATE INDEX "invoice_files_created_at_idx" ON "invoice_files" USING btree ("created_at");
  CREATE UNIQUE INDEX "invoice_files_filename_idx" ON "invoice_files" USING btree ("filename");
  CREATE INDEX "provider_events_school_idx" ON "provider_events" USING btree ("school_id");
  CREATE INDEX "provider_events_status_idx" ON "provider_events" USING btree ("status");
  CREATE INDEX "provider_events_updated_at_idx" ON "provider_events" USING btree ("updated_at");
  CREATE INDEX "provider_events_created_at_idx" ON "provider_events" USING btree ("created_at");
  CREATE UNIQUE INDEX "provider_eventId_idx" ON "provider_events" USING btree ("provider","event_id");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_payment_settings_fk" FOREIGN KEY ("payment_settings_id") REFERENCES "public"."payment_settings"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_coupons_fk" FOREIGN KEY ("coupons_id") REFERENCES "public"."coupons"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_orders_fk" FOREIGN KEY ("orders_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_payments_fk" FOREIGN KEY ("payments_id") REFERENCES "public"."payments"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_invoices_fk" FOREIGN KEY ("invoices_id") REFERENCES "public"."invoices"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_invoice_files_fk" FOREIGN KEY ("invoice_files_id") REFERENCES "public"."invoice_files"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_provider_events_fk" FOREIGN KEY ("provider_events_id") REFERENCES "public"."provider_events"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_payment_settings_id_idx" ON "payload_locked_documents_rels" USING btree ("payment_settings_id");
  CREATE INDEX "payload_locked_documents_rels_coupons_id_idx" ON "payload_locked_documents_rels" USING btree ("coupons_id");
  CREATE INDEX "payload_locked_documents_rels_orders_id_idx" ON "payload_locked_documents_rels" USING btree ("orders_id");
  CREATE INDEX "payload_locked_documents_rels_payments_id_idx" ON "payload_locked_documents_rels" USING btree ("payments_id");
  CREATE INDEX "payload_locked_documents_rels_invoices_id_idx" ON "payload_locked_documents_rels" USING btree ("invoices_id");
  CREATE INDEX "payload_locked_documents_rels_invoice_files_id_idx" ON "payload_locked_documents_rels" USING btree ("invoice_files_id");
  CREATE INDEX "payload_locked_documents_rels_provider_events_id_idx" ON "payload_locked_documents_rels" USING btree ("provider_events_id");`)
  // Gapless invoice numbers: one counter row per school and kind, bumped in the issuing
  // transaction (src/domain/payments/invoiceNumbers.ts). Not a Payload collection: nothing
  // reads or writes it through the API.
  await db.execute(sql`
  CREATE TABLE "invoice_counters" (
    "tenant_id" integer NOT NULL REFERENCES "public"."tenants"("id") ON DELETE cascade,
    "kind" varchar NOT NULL,
    "last_number" integer NOT NULL,
    PRIMARY KEY ("tenant_id", "kind")
  );`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`DROP TABLE IF EXISTS "invoice_counters";`)
  await db.execute(sql`
   ALTER TABLE "payment_settings" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "coupons" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "orders" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "payments" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "invoices" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "invoice_files" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "provider_events" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "payment_settings" CASCADE;
  DROP TABLE "coupons" CASCADE;
  DROP TABLE "orders" CASCADE;
  DROP TABLE "payments" CASCADE;
  DROP TABLE "invoices" CASCADE;
  DROP TABLE "invoice_files" CASCADE;
  DROP TABLE "provider_events" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_payment_settings_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_coupons_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_orders_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_payments_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_invoices_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_invoice_files_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_provider_events_fk";
  
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'expireEnrollments', 'issueCertificate', 'sendNotification');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'expireEnrollments', 'issueCertificate', 'sendNotification');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "payload_locked_documents_rels_payment_settings_id_idx";
  DROP INDEX "payload_locked_documents_rels_coupons_id_idx";
  DROP INDEX "payload_locked_documents_rels_orders_id_idx";
  DROP INDEX "payload_locked_documents_rels_payments_id_idx";
  DROP INDEX "payload_locked_documents_rels_invoices_id_idx";
  DROP INDEX "payload_locked_documents_rels_invoice_files_id_idx";
  DROP INDEX "payload_locked_documents_rels_provider_events_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "payment_settings_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "coupons_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "orders_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "payments_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "invoices_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "invoice_files_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "provider_events_id";
  DROP TYPE "public"."enum_coupons_kind";
  DROP TYPE "public"."enum_orders_kind";
  DROP TYPE "public"."enum_orders_status";
  DROP TYPE "public"."enum_orders_provider";
  DROP TYPE "public"."enum_payments_kind";
  DROP TYPE "public"."enum_payments_provider";
  DROP TYPE "public"."enum_invoices_kind";
  DROP TYPE "public"."enum_provider_events_provider";
  DROP TYPE "public"."enum_provider_events_status";`)
}
