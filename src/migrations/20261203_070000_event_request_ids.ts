import { MigrateDownArgs, MigrateUpArgs, sql } from '@payloadcms/db-postgres'

/**
 * Hand-written, like the event cursors: the id of the request that caused each domain event
 * (Payload neither reads nor writes it), so the jobs a subscriber queues for it carry that id
 * and their log lines lead back to the request.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`ALTER TABLE "domain_events" ADD COLUMN "request_id" varchar(128);`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`ALTER TABLE "domain_events" DROP COLUMN "request_id";`)
}
