import path from 'node:path'
import pg from 'pg'
import { describe, expect, it } from 'vitest'

import { startEmbeddedPostgres } from '@/services/database/embeddedPostgres'

const cluster = { dataDir: path.resolve('.data/test'), port: 54369, database: 'aqoon_persist' }

const query = async (uri: string, sql: string) => {
  const client = new pg.Client({ connectionString: uri })
  await client.connect()
  try {
    return (await client.query(sql)).rows
  } finally {
    await client.end()
  }
}

describe('embedded PostgreSQL', () => {
  it('should keep its data across a restart', async () => {
    const first = await startEmbeddedPostgres({ ...cluster, fresh: true })
    await query(first.uri, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')")
    await first.stop()

    const second = await startEmbeddedPostgres(cluster)
    try {
      expect(await query(second.uri, 'SELECT note FROM kept')).toEqual([{ note: 'still here' }])
    } finally {
      await second.stop()
    }
  })

  it('should reuse a server already running on its port rather than start a second', async () => {
    const owner = await startEmbeddedPostgres(cluster)
    try {
      const guest = await startEmbeddedPostgres({ ...cluster, database: 'aqoon_second' })
      await guest.stop() // a no-op: the guest did not start it
      expect(await query(owner.uri, 'SELECT 1 AS up')).toEqual([{ up: 1 }])
      expect(await query(guest.uri, 'SELECT current_database() AS db')).toEqual([{ db: 'aqoon_second' }])
    } finally {
      await owner.stop()
    }
  })
})
