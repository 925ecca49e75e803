import { createTokenCache } from '@/services/oauth/tokenCache'

/** PayPal's access tokens, one per school's account, renewed a minute before PayPal's expiry. */
export const payPalTokens = createTokenCache({ renewEarlySeconds: 60 })

/** How many sets of credentials have a token cached (for tests of the bound). */
export const payPalTokenCacheSize = (): number => payPalTokens.size()
