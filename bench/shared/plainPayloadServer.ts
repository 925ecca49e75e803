/**
 * The plain Payload baseline's process, started by startPlainPayload (plainPayload.ts) with
 * PORT, DATABASE_URI and LOG_LEVEL. Tells its parent `{ kind: 'listening', url, stripped }` over
 * IPC once it serves; stops (HTTP server, then Payload) on SIGTERM, SIGINT or its parent's going.
 */
import type { LogLevel } from './plainConfig'

// Node 20 runs tsx's loader in a worker that does not hold the process open: with nothing else
// pending while modules load, the process can end mid-import (exit code 13). This holds it open.
const keepAlive = setInterval(() => undefined, 60_000)
try {
  // One import for all of it (the config included): a second dynamic import sharing modules with
  // a first now and then never settles under Node 20's loader hooks (as scripts/backup.ts says).
  const { servePlainPayload } = await import('./servePlainPayload')
  const server = await servePlainPayload({ port: Number(process.env.PORT), logLevel: (process.env.LOG_LEVEL ?? 'warn') as LogLevel })
  clearInterval(keepAlive)

  let stopping: Promise<void> | undefined
  const stop = (): void => {
    stopping ??= server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`[plain-payload] stopping failed: ${error instanceof Error ? error.message : String(error)}`)
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  // A parent that dies without stopping us must not leave a server on its port.
  process.on('disconnect', stop)
  process.send?.({ kind: 'listening', url: server.url, stripped: server.stripped })
} catch (error) {
  console.error(`[plain-payload] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  process.exit(1)
}

// A module, for the top-level awaits above.
export {}
