import { createHash } from 'node:crypto'

/**
 * A token cache's key for one set of credentials: the endpoint and ids, plus the secret so a
 * wrong secret never rides on a token the right one obtained. Hashed, so the secret itself is
 * never kept as a key.
 */
export const credentialsKey = (...parts: string[]): string => createHash('sha256').update(parts.join('\n')).digest('base64url')
