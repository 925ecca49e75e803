import * as client from 'openid-client'

import { settings } from '@/settings'

let discovered: Promise<client.Configuration> | undefined

/** Plain HTTP is accepted only for an issuer on this machine (the test stand-in). */
const isLoopback = (issuer: string): boolean => /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(issuer)

/** The provider's configuration, discovered once per process. */
const configuration = (): Promise<client.Configuration> => {
  const { clientId, clientSecret, issuer } = settings.google
  if (!clientId) {
    throw new Error('GOOGLE_CLIENT_ID is not set')
  }
  discovered ??= client
    .discovery(new URL(issuer), clientId, undefined, client.ClientSecretBasic(clientSecret), {
      // openid-client checks an ID token's signature only when asked: the token endpoint's TLS
      // vouches for it by default. Check it against the provider's published keys all the same.
      execute: [client.enableNonRepudiationChecks, ...(isLoopback(issuer) ? [client.allowInsecureRequests] : [])],
    })
    .catch((error: unknown) => {
      discovered = undefined
      throw error
    })
  return discovered
}

export const googleEnabled = (): boolean => Boolean(settings.google.clientId)

export const callbackUrl = (): string => `${settings.serverUrl}/api/auth/google/callback`

export type Pending = { state: string; nonce: string; verifier: string }

/** Where to send the browser, and what to remember until it comes back. */
export const startSignIn = async (loginHint?: string): Promise<{ url: string; pending: Pending }> => {
  const config = await configuration()
  const verifier = client.randomPKCECodeVerifier()
  const pending = { state: client.randomState(), nonce: client.randomNonce(), verifier }
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(),
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
    ...(loginHint ? { login_hint: loginHint } : {}),
  })
  return { url: url.href, pending }
}

export type GoogleIdentity = { sub: string; email?: string; emailVerified: boolean; name?: string }

/**
 * Exchanges the code the browser brought back, checking state, PKCE and the ID token:
 * its signature (against the provider's JWKS), issuer, audience, nonce and expiry.
 * Throws on any mismatch.
 */
export const finishSignIn = async (currentUrl: URL, pending: Pending): Promise<GoogleIdentity> => {
  const config = await configuration()
  // The code was issued for the registered callback URL, whatever host reached us.
  const url = new URL(callbackUrl())
  url.search = currentUrl.search
  const tokens = await client.authorizationCodeGrant(config, url, {
    pkceCodeVerifier: pending.verifier,
    expectedState: pending.state,
    expectedNonce: pending.nonce,
    idTokenExpected: true,
  })
  const claims = tokens.claims()
  if (!claims) {
    throw new Error('no ID token')
  }
  return {
    sub: claims.sub,
    email: typeof claims.email === 'string' ? claims.email.toLowerCase() : undefined,
    emailVerified: claims.email_verified === true,
    name: typeof claims.name === 'string' ? claims.name : undefined,
  }
}
