/** What a client-credentials grant gave: the token and how long it lives. */
export type ObtainedToken = { accessToken: string; expiresInSeconds: number }

type Entry = { accessToken: string; renewAt: number }

/**
 * Access tokens of an OAuth client-credentials grant, one per set of credentials (see
 * `credentialsKey`), each renewed `renewEarlySeconds` before it expires so it never runs out in
 * the middle of a call (a token living less than twice that is renewed at half its life).
 * Concurrent callers share a single token request. Past `maxEntries` the oldest goes first.
 */
export const createTokenCache = ({
  renewEarlySeconds,
  maxEntries = 1000,
}: {
  renewEarlySeconds: number
  /** @default 1000 */
  maxEntries?: number
}) => {
  const cache = new Map<string, Entry>()
  const pending = new Map<string, Promise<Entry>>()

  const remember = (key: string, entry: Entry) => {
    cache.delete(key)
    if (cache.size >= maxEntries) {
      const oldest = cache.keys().next()
      if (!oldest.done) {
        cache.delete(oldest.value)
      }
    }
    cache.set(key, entry)
  }

  /** A usable access token for `key`: the cached one, or one `obtain` fetches. */
  const accessToken = async ({ key, obtain, now = Date.now }: { key: string; obtain: () => Promise<ObtainedToken>; now?: () => number }): Promise<string> => {
    const cached = cache.get(key)
    if (cached && cached.renewAt > now()) {
      return cached.accessToken
    }
    let request = pending.get(key)
    if (!request) {
      request = obtain()
        .then(({ accessToken: token, expiresInSeconds }) => {
          const lifetime = Math.max(0, expiresInSeconds - Math.min(renewEarlySeconds, expiresInSeconds / 2))
          const entry = { accessToken: token, renewAt: now() + lifetime * 1000 }
          remember(key, entry)
          return entry
        })
        .finally(() => pending.delete(key))
      pending.set(key, request)
    }
    return (await request).accessToken
  }

  /** Drops `token` after the provider refused it, unless a newer one has already replaced it. */
  const forget = (key: string, token: string) => {
    if (cache.get(key)?.accessToken === token) {
      cache.delete(key)
    }
  }

  /**
   * `attempt` made with the cached token; answered 401, that token is dropped and `attempt` made
   * once more with a fresh one. Returns the last answer and the token it was made with (for
   * scrubbing from error messages).
   */
  const withAccessToken = async <A extends { status: number }>({
    key,
    obtain,
    now,
    attempt,
  }: {
    key: string
    obtain: () => Promise<ObtainedToken>
    now?: () => number
    attempt: (token: string) => Promise<A>
  }): Promise<{ answer: A; token: string }> => {
    let token = await accessToken({ key, obtain, now })
    let answer = await attempt(token)
    if (answer.status === 401) {
      forget(key, token)
      token = await accessToken({ key, obtain, now })
      answer = await attempt(token)
    }
    return { answer, token }
  }

  /** A token asked for now, whatever is cached: for checking that the credentials still work. */
  const renew = ({ key, obtain, now }: { key: string; obtain: () => Promise<ObtainedToken>; now?: () => number }): Promise<string> => {
    if (!pending.has(key)) {
      cache.delete(key)
    }
    return accessToken({ key, obtain, now })
  }

  return { accessToken, forget, renew, withAccessToken, size: (): number => cache.size }
}
