/**
 * A backup or restore refused or stopped for a reason the operator can act on (a folder that is
 * not empty, a file that fails its checksum, a database that cannot be reached). The message says
 * what happened and what to do; the commands print it alone, without a stack trace.
 */
export class BackupError extends Error {
  override name = 'BackupError'
}

/** The message of anything thrown, for wrapping into a BackupError. */
export const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))
