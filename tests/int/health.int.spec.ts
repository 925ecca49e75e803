import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { MIGRATION_DEADLINE_MS, runMigrations } from '@/server/runPayloadCli'
import { type RunningPostgres, startEmbeddedPostgres } from '@/services/database/embeddedPostgres'

import pkg from '../../package.json' with { type: 'json' }
import { bootApp, type TestApp } from '../helpers/boot'

// This file stops its database on purpose, so it runs on a cluster of its own.
let db: RunningPostgres
const cluster = { dataDir: path.resolve('.data/test'), port: 54349, database: 'aqoon_health' }
let app: TestApp

beforeAll(async () => {
  db = await startEmbeddedPostgres({ ...cluster, fresh: true })
  await runMigrations(db.uri, MIGRATION_DEADLINE_MS)
  app = await bootApp({ DATABASE_URI: db.uri })
})

afterAll(async () => {
  await app.close().catch(() => undefined)
  await db.stop()
})

describe('health', () => {
  it('should answer 200 with the version while the database answers', async () => {
    const response = await app.api.get('/api/health')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok', version: pkg.version, database: 'up' })
    expect(response.headers.get('cache-control')).toBe('no-store')
  })

  it('should answer 503 when the database does not', async () => {
    await db.stop()
    const response = await app.api.get('/api/health')
    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({ status: 'unavailable', database: 'down', version: pkg.version })
  })

  it('should recover in the same process once the database is back', async () => {
    db = await startEmbeddedPostgres(cluster)
    const deadline = Date.now() + 15_000
    let status = 0
    while (Date.now() < deadline && status !== 200) {
      status = (await app.api.get('/api/health')).status
    }
    expect(status).toBe(200)
  })
})
