import type { Payload } from 'payload'

import { inject } from 'vitest'

import { type ApiClient, apiClient } from './api'
import { type Mailbox, startMailbox } from './mailbox'
import { TEST_ENV } from './testEnv'

export type TestApp = {
  payload: Payload
  api: ApiClient
  mailbox: Mailbox
  close: () => Promise<void>
}

/**
 * Boots Payload on the run's database with a real SMTP server for its mail, and
 * returns an API client that goes through the app's own route handlers.
 * The config is imported only after the environment is set, as in the app.
 */
export const bootApp = async (env: Record<string, string> = {}): Promise<TestApp> => {
  const mailbox = await startMailbox()
  Object.assign(process.env, TEST_ENV, {
    DATABASE_URI: inject('databaseUri'),
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(mailbox.port),
    ...env,
  })
  const { default: config } = await import('@payload-config')
  const { getPayload } = await import('payload')
  const { apiRoutes } = await import('@/http/apiRoutes')
  const payload = await getPayload({ config })
  return {
    payload,
    api: apiClient(apiRoutes(config), TEST_ENV.SERVER_URL),
    mailbox,
    close: async () => {
      await mailbox.close()
      await payload.destroy()
    },
  }
}
