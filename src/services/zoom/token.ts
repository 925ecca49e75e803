import { createHash } from 'node:crypto'

/** One entry per set of credentials (a school's Zoom app); the oldest goes first past this. */
const MAX_ENTRIES = 1000
/**
 * Renew this long before Zoom's hour ends, so a token never runs out in the middle of a call
 * (or of a job's run of calls). A shorter-lived token is renewed at half its life.
 */
const RENEW_EARLY_SECONDS = 300

type Entry = { accessToken: string; renewAt: number }

const cache = new Map<string, Entry>()
const pending = new Map<string, Promise<Entry>>()

/**
 * The cache key: token endpoint, account and client id, plus the secret so a wrong secret never
 * rides on a token the right one obtained. Hashed, so the secret itself is never kept as a key.
 */
export const credentialsKey = (oauthBase: string, accountId: string, clientId: string, clientSecret: string): string =>
  createHash('sha256').update(`${oauthBase}\n${accountId}\n${clientId}\n${clientSecret}`).digest('base64url')

const remember = (key: string, entry: Entry) => {
  cache.delete(key)
  if (cache.size >= MAX_ENTRIES) {
    const oldest = cache.keys().next()
    if (!oldest.done) {
      cache.delete(oldest.value)
    }
  }
  cache.set(key, entry)
}

/**
 * A usable access token for `key`: the cached one, or one `obtain` fetches. Concurrent callers
 * share a single token request. Zoom gives no refresh token: a new one is simply asked for.
 */
export const accessToken = async ({
  key,
  obtain,
  now,
}: {
  key: string
  obtain: () => Promise<{ accessToken: string; expiresInSeconds: number }>
  now: () => number
}): Promise<string> => {
  const cached = cache.get(key)
  if (cached && cached.renewAt > now()) {
    return cached.accessToken
  }
  let request = pending.get(key)
  if (!request) {
    request = obtain()
      .then(({ accessToken: token, expiresInSeconds }) => {
        const lifetime = Math.max(0, expiresInSeconds - Math.min(RENEW_EARLY_SECONDS, expiresInSeconds / 2))
        const entry = { accessToken: token, renewAt: now() + lifetime * 1000 }
        remember(key, entry)
        return entry
      })
      .finally(() => pending.delete(key))
    pending.set(key, request)
  }
  return (await request).accessToken
}

/** Drops `token` after Zoom refused it, unless a newer one has already replaced it. */
export const forgetAccessToken = (key: string, token: string) => {
  if (cache.get(key)?.accessToken === token) {
    cache.delete(key)
  }
}

/** How many sets of credentials have a token cached (for tests of the bound). */
export const zoomTokenCacheSize = (): number => cache.size
