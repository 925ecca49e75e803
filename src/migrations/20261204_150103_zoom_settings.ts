import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_provider_events_provider" ADD VALUE 'zoom';
  CREATE TABLE "zoom_settings_hosts" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"email" varchar NOT NULL,
  	"zoom_user_id" varchar
  );
  
  CREATE TABLE "zoom_settings" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"tenant_id" integer,
  	"enabled" boolean DEFAULT true,
  	"account_id" varchar,
  	"client_id" varchar,
  	"client_secret" varchar,
  	"client_secret_hint" varchar,
  	"webhook_secret" varchar,
  	"webhook_secret_hint" varchar,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "zoom_settings_id" integer;
  ALTER TABLE "zoom_settings_hosts" ADD CONSTRAINT "zoom_settings_hosts_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."zoom_settings"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "zoom_settings" ADD CONSTRAINT "zoom_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "zoom_settings_hosts_order_idx" ON "zoom_settings_hosts" USING btree ("_order");
  CREATE INDEX "zoom_settings_hosts_parent_id_idx" ON "zoom_settings_hosts" USING btree ("_parent_id");
  CREATE INDEX "zoom_settings_tenant_idx" ON "zoom_settings" USING btree ("tenant_id");
  CREATE INDEX "zoom_settings_updated_at_idx" ON "zoom_settings" USING btree ("updated_at");
  CREATE INDEX "zoom_settings_created_at_idx" ON "zoom_settings" USING btree ("created_at");
  CREATE UNIQUE INDEX "tenant_1_idx" ON "zoom_settings" USING btree ("tenant_id");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_zoom_settings_fk" FOREIGN KEY ("zoom_settings_id") REFERENCES "public"."zoom_settings"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_zoom_settings_id_idx" ON "payload_locked_documents_rels" USING btree ("zoom_settings_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "zoom_settings_hosts" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "zoom_settings" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "zoom_settings_hosts" CASCADE;
  DROP TABLE "zoom_settings" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_zoom_settings_fk";
  
  ALTER TABLE "provider_events" ALTER COLUMN "provider" SET DATA TYPE text;
  DROP TYPE "public"."enum_provider_events_provider";
  CREATE TYPE "public"."enum_provider_events_provider" AS ENUM('stripe', 'paypal', 'bank');
  ALTER TABLE "provider_events" ALTER COLUMN "provider" SET DATA TYPE "public"."enum_provider_events_provider" USING "provider"::"public"."enum_provider_events_provider";
  DROP INDEX "payload_locked_documents_rels_zoom_settings_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "zoom_settings_id";`)
}
