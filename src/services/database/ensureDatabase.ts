import { settings } from '@/settings'

import { type RunningPostgres, startEmbeddedPostgres } from './embeddedPostgres'

/**
 * Makes sure `DATABASE_URI` points at a live server: the configured one, or an
 * embedded PostgreSQL under the data folder whose data survives restarts.
 */
export const ensureDatabase = async (
  log: (line: string) => void = () => undefined,
): Promise<RunningPostgres> => {
  if (settings.databaseUri) {
    return { uri: settings.databaseUri, stop: async () => undefined }
  }
  const running = await startEmbeddedPostgres({
    dataDir: settings.dataDir,
    port: settings.embeddedPostgresPort,
    database: 'aqoon',
    log,
  })
  process.env.DATABASE_URI = running.uri
  return running
}
