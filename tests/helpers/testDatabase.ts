import crypto from 'node:crypto'
import path from 'node:path'
import pg from 'pg'

import { startEmbeddedPostgres } from '@/services/database/embeddedPostgres'

export type TestDatabase = { uri: string; dispose: () => Promise<void> }

/**
 * An empty database for one test run: a fresh database on the server named by
 * DATABASE_URI when it is set, otherwise a fresh embedded PostgreSQL cluster.
 */
export const createTestDatabase = async (port: number): Promise<TestDatabase> => {
  const external = process.env.DATABASE_URI
  if (!external) {
    const running = await startEmbeddedPostgres({
      dataDir: path.resolve('.data/test'),
      port,
      database: 'aqoon_test',
      fresh: true,
    })
    return { uri: running.uri, dispose: running.stop }
  }
  return createDatabaseBeside(external)
}

/**
 * A fresh, empty database on the same server as `uri`, dropped by `dispose`: for a test file
 * whose app is configured unlike the others (its jobs must not be run by their workers).
 */
export const createDatabaseBeside = async (uri: string): Promise<TestDatabase> => {
  const name = `aqoon_test_${crypto.randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: uri })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(uri)
  url.pathname = `/${name}`
  return {
    uri: url.toString(),
    dispose: async () => {
      const client = new pg.Client({ connectionString: uri })
      await client.connect()
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await client.end()
    },
  }
}
