import http from 'node:http'
import type { AddressInfo } from 'node:net'

import Provider, { type Configuration } from 'oidc-provider'

export type GoogleAccount = { sub: string; email: string; email_verified: boolean; name: string }

export type GoogleStandIn = {
  issuer: string
  clientId: string
  clientSecret: string
  close: () => Promise<void>
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
    close: () => new Promise((resolve) => server.close(() => resolve())),
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
