/**
 * Runs the committed migrations against DATABASE_URI, in this process.
 *
 * Not through Payload's CLI: its entry point loads the config by a dynamic import under
 * a lazily registered TypeScript loader, which now and then never finishes loading;
 * Payload's `bin.js` then exits with code 0 having migrated nothing.
 *
 * One at a time: several pods or launchers starting together (a rollout, a migration Job beside
 * web pods) would otherwise run the same migration twice and fail on what the other created. The
 * second waits on an advisory lock, then finds nothing left to run.
 */
// Node 20 runs tsx's loader in a worker that does not hold the process open: with nothing else
// pending while modules load, the process can end mid-import (exit code 13, seen in a benchmark's
// start). This holds it open while the one dynamic import below loads everything.
setInterval(() => undefined, 60_000)
process.env.PAYLOAD_MIGRATING = 'true'
try {
  const { migrateDatabase } = await import('@/server/migrateDatabase')
  await migrateDatabase()
  process.exit(0)
} catch (error) {
  console.error(error)
  process.exit(1)
}

// A module, for the top-level awaits above.
export {}
