import crypto from 'node:crypto'

/**
 * A password's salt and hash as Payload 3.90's local strategy stores them: a 32-byte hex salt
 * and `pbkdf2-sha256-v1:` + 600,000 rounds of PBKDF2-SHA256 to 32 bytes, in hex. Payload does not
 * export its own function; the first login of a run checks that this still matches. Computed
 * once for every student (a third of a second): what each login costs the server is the same
 * computation, which is why logging 1,000 students in takes minutes of CPU.
 */
export const passwordHash = (password: string): { salt: string; hash: string } => {
  const salt = crypto.randomBytes(32).toString('hex')
  const hash = crypto.pbkdf2Sync(password, salt, 600_000, 32, 'sha256').toString('hex')
  return { salt, hash: `pbkdf2-sha256-v1:${hash}` }
}
