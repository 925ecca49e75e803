import { MigrateDownArgs, MigrateUpArgs, sql } from '@payloadcms/db-postgres'

/**
 * Hand-written: the dispatcher's cursor per subscriber. Each event carries the id of the
 * transaction that wrote it (set by default, Payload neither reads nor writes it), and a
 * subscriber's cursor is the oldest transaction that may still hold an event it has not
 * settled; a pass reads only events from there on, not the whole log.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
  ALTER TABLE "domain_events" ADD COLUMN "txid" xid8 NOT NULL DEFAULT pg_current_xact_id();
  CREATE INDEX "domain_events_txid_idx" ON "domain_events" USING btree ("txid");
  CREATE TABLE "event_cursors" (
    "subscriber" varchar PRIMARY KEY NOT NULL,
    "settled_before" xid8 NOT NULL
  );`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
  DROP TABLE "event_cursors";
  DROP INDEX "domain_events_txid_idx";
  ALTER TABLE "domain_events" DROP COLUMN "txid";`)
}
