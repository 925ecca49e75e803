import { sql } from '@payloadcms/db-postgres'
import { drizzle } from '@payloadcms/db-postgres/drizzle/node-postgres'
import pg from 'pg'
import { afterAll, expect, inject, it } from 'vitest'

import { MIGRATION_DEADLINE_MS, runMigrations } from '@/server/runPayloadCli'
import { migrations } from '@/migrations'
import * as inlineChangedFields from '@/migrations/20261206_141428_audit_changed_fields_inline'

import { createDatabaseBeside, type TestDatabase } from '../helpers/testDatabase'

let database: TestDatabase | undefined

afterAll(async () => {
  await database?.dispose()
})

it('should run each migration once when several processes migrate an empty database at the same time', async () => {
  database = await createDatabaseBeside(inject('databaseUri'))
  // As pods of a rollout do: three launchers (or a migration Job and web pods) start together.
  // Without the lock in scripts/migrate.ts two of them fail on what the first one created.
  await Promise.all([runMigrations(database.uri, MIGRATION_DEADLINE_MS), runMigrations(database.uri, MIGRATION_DEADLINE_MS), runMigrations(database.uri, MIGRATION_DEADLINE_MS)])
  const client = new pg.Client({ connectionString: database.uri })
  await client.connect()
  try {
    const { rows } = await client.query<{ name: string; runs: string }>(`select name, count(*) as runs from payload_migrations group by name order by name`)
    expect(rows.map((row) => row.name)).toEqual(migrations.map((m) => m.name).sort())
    expect(rows.filter((row) => Number(row.runs) !== 1)).toEqual([])
  } finally {
    await client.end()
  }
}, 480_000)

it("should keep every audit entry's changed fields, in their order, when they move into the entry's row and back", async () => {
  // The database the test above migrated; the migration is undone and redone in a transaction
  // that is rolled back, so the database is left as it was.
  const client = new pg.Client({ connectionString: database!.uri })
  await client.connect()
  const db = drizzle(client)
  const args = { db, payload: undefined, req: undefined } as unknown as Parameters<typeof inlineChangedFields.up>[0]
  const trail = async () =>
    (await client.query<{ id: number; changed: unknown }>(`select id, changed_fields as changed from audit_logs where actor_label = 'migration-test' order by id`)).rows
  try {
    await client.query('begin')
    await client.query(
      `insert into audit_logs (action, actor_label, changed_fields, created_at, updated_at)
       values ('update', 'migration-test', '["status", "paidAt", "invoice"]', now(), now()), ('login', 'migration-test', null, now(), now()),
              ('update', 'migration-test', '["name"]', now(), now())`,
    )
    const before = await trail()
    await inlineChangedFields.down(args)
    const { rows: texts } = await client.query<{ parent: number; order: number; text: string }>(
      `select parent_id as parent, "order", text from audit_logs_texts where path = 'changedFields' and parent_id = any($1::int[]) order by parent_id, "order"`,
      [before.map((entry) => entry.id)],
    )
    expect(texts).toEqual([
      { parent: before[0]!.id, order: 1, text: 'status' },
      { parent: before[0]!.id, order: 2, text: 'paidAt' },
      { parent: before[0]!.id, order: 3, text: 'invoice' },
      { parent: before[2]!.id, order: 1, text: 'name' },
    ])
    await inlineChangedFields.up(args)
    expect(await trail()).toEqual(before)
    expect((await db.execute<{ exists: boolean }>(sql`select to_regclass('audit_logs_texts') is not null as exists`)).rows[0]!.exists).toBe(false)
  } finally {
    await client.query('rollback')
    await client.end()
  }
})
