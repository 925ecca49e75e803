import type { Payload } from 'payload'

import { inject } from 'vitest'

import { type ApiClient, apiClient } from './api'
import { MIGRATION_DEADLINE_MS, runMigrations } from '@/server/runPayloadCli'

import { type Mailbox, startMailbox } from './mailbox'
import { createDatabaseBeside } from './testDatabase'
import { TEST_ENV } from './testEnv'

export type TestApp = {
  payload: Payload
  api: ApiClient
  mailbox: Mailbox
  close: () => Promise<void>
}

/**
 * A real install has its operator before anyone else (the first account becomes
 * super-admin), so no test's persona is ever the first account by accident.
 */
const ensureOperator = async (payload: Payload): Promise<void> => {
  const { totalDocs } = await payload.count({ collection: 'users', overrideAccess: true })
  if (totalDocs === 0) {
    await payload.create({
      collection: 'users',
      data: { name: 'Test Operator', email: 'operator@platform.example', password: 'Operator-pass-1', _verified: true },
      disableVerificationEmail: true,
      overrideAccess: true,
    })
  }
}

/**
 * Boots Payload on the run's database with a real SMTP server for its mail, and
 * returns an API client that goes through the app's own route handlers.
 * The config is imported only after the environment is set, as in the app.
 * `ownDatabase` gives the file a freshly migrated database of its own: every app on the shared
 * one may run any queued job, so an app configured unlike the others (its own storage) keeps
 * its jobs apart, as an operator must.
 */
export const bootApp = async (
  env: Record<string, string> = {},
  { freshInstall = false, ownDatabase = false }: { freshInstall?: boolean; ownDatabase?: boolean } = {},
): Promise<TestApp> => {
  const own = ownDatabase ? await createDatabaseBeside(inject('databaseUri')) : undefined
  if (own) {
    await runMigrations(own.uri, MIGRATION_DEADLINE_MS)
  }
  const mailbox = await startMailbox()
  Object.assign(process.env, TEST_ENV, {
    DATABASE_URI: own?.uri ?? inject('databaseUri'),
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(mailbox.port),
    ...env,
  })
  const { default: config } = await import('@payload-config')
  const { getPayload } = await import('payload')
  const { apiRoutes } = await import('@/http/apiRoutes')
  const payload = await getPayload({ config })
  if (!freshInstall) {
    await ensureOperator(payload)
  }
  return {
    payload,
    api: apiClient(apiRoutes(config), TEST_ENV.SERVER_URL),
    mailbox,
    close: async () => {
      // Certificates start a Chromium on first use; it must not outlive the test file.
      const { closeBrowser } = await import('@/services/pdf/chromium')
      await closeBrowser()
      await mailbox.close()
      await payload.destroy()
      await own?.dispose()
    },
  }
}
