import pg from 'pg'
import { afterAll, expect, inject, it } from 'vitest'

import { MIGRATION_DEADLINE_MS, runMigrations } from '@/server/runPayloadCli'
import { migrations } from '@/migrations'

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
