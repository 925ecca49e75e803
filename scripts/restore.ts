/**
 * `npm run restore -- <folder>`: a backup back into an empty database and empty file storage, or
 * a refusal before anything is written (src/services/backup/restoreBackup.ts; docs/operations.md, "Backups").
 */
// Node 20 runs tsx's loader in a worker that does not hold the process open: with nothing else
// pending while modules load, the process can end mid-import (exit code 13). This holds it open.
setInterval(() => undefined, 60_000)
try {
  // One import for all of it (the config included): a second dynamic import sharing modules with
  // a first now and then never settles under Node 20's loader hooks.
  const { runBackupCommand } = await import('@/server/backupCommand')
  process.exit(await runBackupCommand({ command: 'restore', args: process.argv.slice(2) }))
} catch (error) {
  // Loading the config can refuse (PAYLOAD_SECRET unset in production): a message, not a stack trace.
  console.error(`[restore] ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}

// A module, for the top-level awaits above.
export {}
