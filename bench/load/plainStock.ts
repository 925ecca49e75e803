import { startPlainPayload } from '../shared/plainPayload'
import { descendants } from '../shared/processes'
import { createClient } from './client'
import type { Instance } from './stack'

/**
 * A stock Payload web instance (bench/shared/plainPayload.ts: the app's schema and data with its
 * code taken out, served by Payload's own REST handler, in a process of its own).
 */
export const startStockWeb = async ({ name, port, databaseUri, logFile, log }: { name: string; port: number; databaseUri: string; logFile: string; log: (line: string) => void }): Promise<Instance> => {
  const server = await startPlainPayload({ databaseUri, port, logFile, log })
  const client = createClient(server.baseUrl)
  return {
    name,
    pids: () => [server.pid, ...descendants(server.pid)],
    client,
    stop: async () => {
      client.close()
      await server.stop()
    },
  }
}
