/**
 * `npm run backup -- <folder>`: a consistent copy of the database and every uploaded file, with a
 * manifest of checksums (src/services/backup/createBackup.ts; docs/operations.md, "Backups").
 */
// Node 20 runs tsx's loader in a worker that does not hold the process open: with nothing else
// pending while modules load, the process can end mid-import (exit code 13). This holds it open.
setInterval(() => undefined, 60_000)
try {
  // One import for all of it (the config included): a second dynamic import sharing modules with
  // a first now and then never settles under Node 20's loader hooks.
  const { runBackupCommand } = await import('@/server/backupCommand')
  process.exit(await runBackupCommand({ command: 'backup', args: process.argv.slice(2) }))
} catch (error) {
  // Loading the config can refuse (PAYLOAD_SECRET unset in production): a message, not a stack trace.
  console.error(`[backup] ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}

// A module, for the top-level awaits above.
export {}
