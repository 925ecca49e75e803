import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { MIGRATION_DEADLINE_MS, runMigrations } from '@/server/runPayloadCli'
import { type RunningPostgres, startEmbeddedPostgres } from '@/services/database/embeddedPostgres'

import { bootApp, type TestApp } from '../helpers/boot'

// A fresh install has no users at all, so this file runs on an empty cluster of its own.
let db: RunningPostgres
let app: TestApp

beforeAll(async () => {
  db = await startEmbeddedPostgres({ dataDir: path.resolve('.data/test'), port: 54379, database: 'aqoon_first', fresh: true })
  await runMigrations(db.uri, MIGRATION_DEADLINE_MS)
  app = await bootApp({ DATABASE_URI: db.uri }, { freshInstall: true })
})

afterAll(async () => {
  await app.close()
  await db.stop()
})

describe('first user', () => {
  it('should make the first account of a fresh install the platform super-admin, once', async () => {
    const first = await app.api.post('/api/users/first-register', {
      body: { name: 'Operator', email: 'operator@platform.example', password: 'Operator-pass-1' },
    })
    expect(first.status).toBe(200)
    const { user } = (await first.json()) as { user: { platformRole: string | null } }
    expect(user.platformRole).toBe('super-admin')

    const second = await app.api.post('/api/users/first-register', {
      body: { name: 'Latecomer', email: 'late@platform.example', password: 'Latecomer-pass-1' },
    })
    expect(second.status).toBe(403)
    const late = await app.payload.count({ collection: 'users', where: { email: { equals: 'late@platform.example' } }, overrideAccess: true })
    expect(late.totalDocs).toBe(0)
  })
})
