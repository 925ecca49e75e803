import { createTokenCache } from '@/services/oauth/tokenCache'

/**
 * Zoom's access tokens, one per school's app. Renewed five minutes before Zoom's hour ends, so a
 * token never runs out in the middle of a call or of a job's run of calls. Zoom gives no refresh
 * token: a new one is simply asked for.
 */
export const zoomTokens = createTokenCache({ renewEarlySeconds: 300 })

/** How many sets of credentials have a token cached (for tests of the bound). */
export const zoomTokenCacheSize = (): number => zoomTokens.size()
