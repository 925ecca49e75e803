import http from 'node:http'
import type { AddressInfo } from 'node:net'

import { decodeJwt, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import Provider, { type Configuration } from 'oidc-provider'

export type GoogleAccount = { sub: string; email: string; email_verified: boolean; name: string }

/**
 * Ways the stand-in can spoil the next ID token its token endpoint hands out: signed by a
 * key that is not the provider's (under the provider's key id), or re-signed with the
 * provider's own key after changing the audience, the nonce or the expiry.
 */
export type IdTokenTampering = 'foreign-signature' | 'wrong-audience' | 'wrong-nonce' | 'expired'

export type GoogleStandIn = {
  issuer: string
  clientId: string
  clientSecret: string
  /** The next token response carries a spoiled ID token; later ones are sound again. */
  tamperNextIdToken: (how: IdTokenTampering) => void
  close: () => Promise<void>
}

const KEY_ID = 'stand-in-signing-key'

const signingKey = async () => {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true })
  return { privateKey, jwk: { ...(await exportJWK(privateKey)), kid: KEY_ID, alg: 'RS256', use: 'sig' } as JWK }
}

/**
 * A real OpenID Connect provider (oidc-provider) on 127.0.0.1 standing in for
 * Google: discovery, authorization with PKCE, signed ID tokens, one client. Its
 * login step signs in the test account whose `sub` is the `login_hint`, as the
 * person choosing that account at Google would.
 */
export const startGoogleStandIn = async ({
  accounts,
  redirectUri,
}: {
  accounts: GoogleAccount[]
  redirectUri: string
}): Promise<GoogleStandIn> => {
  const bySub = new Map(accounts.map((a) => [a.sub, a]))
  const clientId = 'aqoon-test-client'
  const clientSecret = 'aqoon-test-client-secret-0123456789abcdef'
  // The provider's key is ours, so a tampered token can be re-signed with it; the foreign
  // key signs under the same key id, so only the signature itself can give it away.
  const own = await signingKey()
  const foreign = await signingKey()

  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [own.jwk] },
    pkce: { required: () => true },
    // Google puts email, email_verified and name in the ID token itself.
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    scopes: ['openid', 'email', 'profile'],
    features: { devInteractions: { enabled: false } },
    cookies: { keys: ['stand-in-cookie-key'] },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const account = bySub.get(sub)
      return account ? { accountId: sub, claims: async () => ({ ...account }) } : undefined
    },
  }
  const provider = new Provider(issuer, configuration)

  let tampering: IdTokenTampering | undefined
  const spoil = async (idToken: string, how: IdTokenTampering): Promise<string> => {
    const claims = decodeJwt(idToken)
    const now = Math.floor(Date.now() / 1000)
    const changed = {
      'foreign-signature': {},
      'wrong-audience': { aud: 'someone-elses-client' },
      'wrong-nonce': { nonce: 'not-the-nonce-that-was-sent' },
      // Well past any clock tolerance a client allows.
      expired: { iat: now - 7200, exp: now - 3600 },
    }[how]
    const key = how === 'foreign-signature' ? foreign.privateKey : own.privateKey
    return new SignJWT({ ...claims, ...changed }).setProtectedHeader({ alg: 'RS256', kid: KEY_ID, typ: 'JWT' }).sign(key)
  }
  provider.use(async (ctx, next) => {
    await next()
    const body = ctx.body as { id_token?: unknown } | undefined
    if (tampering && ctx.path === '/token' && typeof body?.id_token === 'string') {
      const how = tampering
      tampering = undefined
      ctx.body = { ...body, id_token: await spoil(body.id_token, how) }
    }
  })
  const handle = provider.callback()

  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/interaction/')) {
      handle(req, res)
      return
    }
    void (async () => {
      const details = await provider.interactionDetails(req, res)
      const account = bySub.get(String(details.params.login_hint ?? ''))
      if (!account) {
        await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'no such test account' })
        return
      }
      const grant = new provider.Grant({ accountId: account.sub, clientId: String(details.params.client_id) })
      grant.addOIDCScope('openid email profile')
      const grantId = await grant.save()
      await provider.interactionFinished(req, res, { login: { accountId: account.sub }, consent: { grantId } }, { mergeWithLastSubmission: false })
    })().catch((error: unknown) => {
      res.statusCode = 500
      res.end(String(error))
    })
  })

  return {
    issuer,
    clientId,
    clientSecret,
    tamperNextIdToken: (how) => {
      tampering = how
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        // Keep-alive connections (a browser's, the app's) would hold the close open.
        server.closeAllConnections()
      }),
  }
}

/**
 * Follows the provider's redirects as a browser would (keeping its cookies) until
 * it sends the browser back to `callbackPrefix`; returns that URL.
 */
export const followToCallback = async (authorizationUrl: string, callbackPrefix: string): Promise<URL> => {
  const jar = new Map<string, string>()
  let url = authorizationUrl
  for (let hop = 0; hop < 10; hop += 1) {
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const [name, ...value] = (pair ?? '').split('=')
      if (name) {
        jar.set(name.trim(), value.join('='))
      }
    }
    const location = response.headers.get('location')
    if (!location) {
      throw new Error(`stand-in stopped at ${url} with ${response.status}: ${await response.text()}`)
    }
    url = new URL(location, url).href
    if (url.startsWith(callbackPrefix)) {
      return new URL(url)
    }
  }
  throw new Error('too many redirects at the stand-in')
}
