import type { TestProject } from 'vitest/node'

import { MIGRATION_DEADLINE_MS, runMigrations } from '@/server/runPayloadCli'

import { createTestDatabase } from './testDatabase'
import { TEST_ENV } from './testEnv'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUri: string
  }
}

/** One empty database per run, migrated from nothing with the committed migrations. */
export default async function setup(project: TestProject) {
  Object.assign(process.env, TEST_ENV)
  const started = Date.now()
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1)
  const database = await createTestDatabase(Number(process.env.TEST_PG_PORT ?? 54339))
  console.log(`[setup] database ready after ${seconds()} s`)
  try {
    // A run that hangs loading the config is killed at the deadline and started again.
    await runMigrations(database.uri, MIGRATION_DEADLINE_MS)
    console.log(`[setup] migrations applied after ${seconds()} s`)
  } catch (error) {
    // No teardown runs after a failed setup: stop the server here, or it outlives the run.
    await database.dispose()
    throw error
  }
  project.provide('databaseUri', database.uri)
  return async () => {
    await database.dispose()
  }
}
