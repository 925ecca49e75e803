import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

// An audit entry's changed fields move from a table of their own (one row each) into the entry's
// row; the trail's existing entries keep theirs, in their order, both ways.
export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
  ALTER TABLE "audit_logs" ADD COLUMN "changed_fields" jsonb;
  UPDATE "audit_logs" a SET "changed_fields" = t."names"
    FROM (SELECT "parent_id", jsonb_agg("text" ORDER BY "order") AS "names" FROM "audit_logs_texts" WHERE "path" = 'changedFields' GROUP BY "parent_id") t
    WHERE a."id" = t."parent_id";
  DROP TABLE "audit_logs_texts" CASCADE;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   CREATE TABLE "audit_logs_texts" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"text" varchar
  );
  
  ALTER TABLE "audit_logs_texts" ADD CONSTRAINT "audit_logs_texts_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."audit_logs"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "audit_logs_texts_order_parent" ON "audit_logs_texts" USING btree ("order","parent_id");
  INSERT INTO "audit_logs_texts" ("order", "parent_id", "path", "text")
    SELECT n."ord", a."id", 'changedFields', n."name"
    FROM "audit_logs" a, jsonb_array_elements_text(a."changed_fields") WITH ORDINALITY AS n("name", "ord")
    WHERE jsonb_typeof(a."changed_fields") = 'array';
  ALTER TABLE "audit_logs" DROP COLUMN "changed_fields";`)
}
