import { type APIRequestContext, type APIResponse, expect, test } from '@playwright/test'
import crypto from 'node:crypto'

import { type Fixtures, readFixtures, type RateLimitFixtures } from './fixtures'

/**
 * The auth rate limits and the client-address rule as a client on the network meets them:
 * every request goes through our HTTP server, the one place that decides the address. Most
 * tests talk to the run's second server, set up as behind one load balancer
 * (TRUST_PROXY_HOPS=1) with a limit within reach; the last talks to the first server, which
 * trusts no proxy.
 */

type HeaderMap = Record<string, string>

/** An answer as a client reads it; GraphQL's first error adds the status it carries. */
type Answer = { status: number; message: string | null; graphqlStatus?: number }

/**
 * How a refusal comes: `status`, a 429 response; `graphql`, a 200 whose error carries 429
 * (Payload's GraphQL answers an operation's failure inside the result). Both carry Retry-After.
 */
type Refusal = 'status' | 'graphql'

type Operation = {
  name: string
  send: (request: APIRequestContext, from: HeaderMap) => Promise<APIResponse>
  /** The answer within the limit: the made-up tokens and addresses are refused for what they are. */
  within: Answer
  refusal: Refusal
}

const GHOST = 'ghost@nowhere.example'
const WRONG_CREDENTIALS = 'The email or password provided is incorrect.'
const INVALID_RESET = 'Token is either invalid or has expired.'
const INVALID_VERIFICATION = 'Verification token is invalid.'
const INVALID_LINK = 'This verification link is invalid or has already been used.'
const INVALID_INVITATION = 'This invitation is invalid, has been used, or has expired. Ask the school for a new one.'

const tooManyAttempts = (seconds: number): string => `Too many attempts. Try again in ${seconds} seconds.`

const hex = (): string => crypto.randomBytes(2).toString('hex')

/**
 * A fresh address in the IPv6 documentation prefix (2001:db8::/32). Its 64 random bits keep
 * every test, rerun and concurrent run apart; the IPv4 documentation ranges (762 addresses in
 * all) would let two draws of one run meet within a window.
 */
const freshIp = (): string => `2001:db8:${hex()}:${hex()}::${hex()}`

/** What a client may claim about itself at the front of X-Forwarded-For (never counted). */
const claimedIp = (): string => `203.0.113.${crypto.randomInt(1, 255)}`

/** As the load balancer passes a request on: whatever the client claimed, then the address it saw. */
const behindProxy = (ip: string, ...claimed: string[]): HeaderMap => ({ 'x-forwarded-for': [...claimed, ip].join(', ') })

const answerOf = async (response: APIResponse): Promise<Answer> => {
  const body = (await response.json()) as { message?: string; errors?: { message: string; extensions?: { statusCode?: number } }[] }
  const error = body.errors?.[0]
  return {
    status: response.status(),
    message: error?.message ?? body.message ?? null,
    ...(error?.extensions ? { graphqlStatus: error.extensions.statusCode } : {}),
  }
}

let fixtures: Fixtures
let limited: RateLimitFixtures

// Read when the tests run: Playwright loads spec files before globalSetup writes the fixtures.
test.beforeAll(() => {
  fixtures = readFixtures()
  if (!fixtures.rateLimited) {
    throw new Error('globalSetup wrote no rate-limited server into the fixtures')
  }
  limited = fixtures.rateLimited
})

const graphql = (request: APIRequestContext, baseUrl: string, query: string, headers: HeaderMap): Promise<APIResponse> =>
  request.post(`${baseUrl}/api/graphql`, { headers, data: { query } })

const failedLogin = (request: APIRequestContext, baseUrl: string, headers: HeaderMap, email = GHOST): Promise<APIResponse> =>
  request.post(`${baseUrl}/api/users/login`, { headers, data: { email, password: 'wrong' } })

/** Logs in within a context of its own, so no session cookie follows the test's other requests. */
const tokenOf = async (
  playwright: { request: { newContext: () => Promise<APIRequestContext> } },
  baseUrl: string,
  email: string,
  headers: HeaderMap,
): Promise<string> => {
  const context = await playwright.request.newContext()
  try {
    const response = await context.post(`${baseUrl}/api/users/login`, { headers, data: { email, password: fixtures.password } })
    expect(response.status(), `login of ${email}`).toBe(200)
    return ((await response.json()) as { token: string }).token
  } finally {
    await context.dispose()
  }
}

/** The addresses the audit trail recorded for failed logins with `email`, read as the operator: the address the server took. */
const recordedAddresses = async (request: APIRequestContext, baseUrl: string, email: string, operatorToken: string): Promise<string[]> => {
  const response = await request.get(`${baseUrl}/api/audit-logs`, {
    headers: { Authorization: `JWT ${operatorToken}` },
    params: { 'where[actorLabel][equals]': email, 'where[action][equals]': 'login-failed', depth: 0 },
  })
  expect(response.status()).toBe(200)
  return ((await response.json()) as { docs: { ip: string }[] }).docs.map((entry) => entry.ip)
}

/** `max` answers within the limit, then the refusal, whose Retry-After names the seconds its message names. */
const expectLimited = async (send: () => Promise<APIResponse>, within: Answer, refusal: Refusal, what: string): Promise<void> => {
  for (let attempt = 1; attempt <= limited.max; attempt += 1) {
    expect(await answerOf(await send()), `${what}: attempt ${attempt}`).toEqual(within)
  }
  const refused = await send()
  const retryAfter = refused.headers()['retry-after']
  expect(retryAfter, `${what}: Retry-After`).toMatch(/^[1-9]\d*$/)
  const seconds = Number(retryAfter)
  expect(seconds, `${what}: Retry-After within the window`).toBeLessThanOrEqual(limited.windowSeconds)
  const message = tooManyAttempts(seconds)
  const expected: Answer = refusal === 'status' ? { status: 429, message } : { status: 200, message, graphqlStatus: 429 }
  expect(await answerOf(refused), `${what}: attempt ${limited.max + 1}`).toEqual(expected)
}

test.describe('client address behind one trusted proxy (TRUST_PROXY_HOPS=1)', () => {
  test('should take the entry the proxy appended as the client, not what the client claims', async ({ playwright, request }) => {
    const ip = freshIp()
    const email = `probe-${hex()}${hex()}@nowhere.example`
    const claims = { ...behindProxy(ip, claimedIp(), claimedIp()), 'x-aqoon-client-ip': claimedIp() }
    expect(await answerOf(await failedLogin(request, limited.baseUrl, claims, email))).toEqual({ status: 401, message: WRONG_CREDENTIALS })
    const operator = await tokenOf(playwright, limited.baseUrl, fixtures.operator.email, behindProxy(freshIp()))
    await expect.poll(() => recordedAddresses(request, limited.baseUrl, email, operator)).toEqual([ip])
  })

  test('should count by the last X-Forwarded-For entry alone, whatever comes before it or in x-aqoon-client-ip', async ({ request }) => {
    const login = (headers: HeaderMap) => failedLogin(request, limited.baseUrl, headers)
    const ip = freshIp()
    // The same last entry behind a different claim each time: one count.
    for (let attempt = 1; attempt <= limited.max; attempt += 1) {
      expect(await answerOf(await login(behindProxy(ip, claimedIp()))), `attempt ${attempt}`).toEqual({ status: 401, message: WRONG_CREDENTIALS })
    }
    expect((await login(behindProxy(ip, claimedIp(), claimedIp()))).status()).toBe(429)
    expect((await login(behindProxy(ip))).status()).toBe(429)
    // The header our server sets is not the client's to send: claiming a fresh address does not escape.
    expect((await login({ ...behindProxy(ip), 'x-aqoon-client-ip': freshIp() })).status()).toBe(429)

    // A different last entry is another client, even one claiming to be the refused one.
    expect(await answerOf(await login(behindProxy(freshIp(), ip)))).toEqual({ status: 401, message: WRONG_CREDENTIALS })
    expect(await answerOf(await login({ ...behindProxy(freshIp()), 'x-aqoon-client-ip': ip }))).toEqual({ status: 401, message: WRONG_CREDENTIALS })
  })
})

test.describe('auth rate limits over the network', () => {
  /** A tenant admin's token on the rate-limited server, for the operations a signed-in person calls. */
  let adminToken: string

  test.beforeAll(async ({ playwright }) => {
    adminToken = await tokenOf(playwright, limited.baseUrl, fixtures.north.admin.email, behindProxy(freshIp()))
  })

  const asAdmin = (): HeaderMap => ({ Authorization: `JWT ${adminToken}` })
  const post = (path: string, data?: object, headers: () => HeaderMap = () => ({})) => (request: APIRequestContext, from: HeaderMap) =>
    request.post(`${limited.baseUrl}${path}`, { headers: { ...headers(), ...from }, data })
  const get = (path: string, headers: HeaderMap = {}) => (request: APIRequestContext, from: HeaderMap) =>
    request.get(`${limited.baseUrl}${path}`, { headers: { ...headers, ...from } })
  const mutation = (query: () => string, headers: () => HeaderMap = () => ({})) => (request: APIRequestContext, from: HeaderMap) =>
    graphql(request, limited.baseUrl, query(), { ...headers(), ...from })
  const studentEmail = () => fixtures.north.student.email

  const OPERATIONS: Operation[] = [
    {
      name: 'login (REST)',
      send: post('/api/users/login', { email: GHOST, password: 'wrong' }),
      within: { status: 401, message: WRONG_CREDENTIALS },
      refusal: 'status',
    },
    {
      name: 'login (GraphQL)',
      send: mutation(() => `mutation { loginUser(email: "${GHOST}", password: "wrong") { token } }`),
      within: { status: 200, message: WRONG_CREDENTIALS, graphqlStatus: 401 },
      refusal: 'graphql',
    },
    {
      name: 'forgot-password (REST)',
      send: post('/api/users/forgot-password', { email: GHOST }),
      within: { status: 200, message: 'Success' },
      refusal: 'status',
    },
    {
      name: 'forgot-password (GraphQL)',
      send: mutation(() => `mutation { forgotPasswordUser(email: "${GHOST}") }`),
      within: { status: 200, message: null },
      refusal: 'graphql',
    },
    {
      name: 'reset-password (REST)',
      send: post('/api/users/reset-password', { token: 'made-up', password: 'New-pass-123' }),
      within: { status: 403, message: INVALID_RESET },
      refusal: 'status',
    },
    {
      name: 'reset-password (GraphQL)',
      send: mutation(() => 'mutation { resetPasswordUser(token: "made-up", password: "New-pass-123") { token } }'),
      within: { status: 200, message: INVALID_RESET, graphqlStatus: 403 },
      refusal: 'graphql',
    },
    {
      name: 'refresh-token (REST)',
      send: post('/api/users/refresh-token', undefined, asAdmin),
      within: { status: 200, message: 'Token refresh successful.' },
      refusal: 'status',
    },
    {
      name: 'refresh-token (GraphQL)',
      send: mutation(() => 'mutation { refreshTokenUser { exp } }', asAdmin),
      within: { status: 200, message: null },
      refusal: 'graphql',
    },
    {
      name: 'unlock (REST)',
      send: (request, from) => post('/api/users/unlock', { email: studentEmail() }, asAdmin)(request, from),
      within: { status: 200, message: 'Success' },
      refusal: 'status',
    },
    {
      name: 'unlock (GraphQL)',
      send: mutation(() => `mutation { unlockUser(email: "${studentEmail()}") }`, asAdmin),
      within: { status: 200, message: null },
      refusal: 'graphql',
    },
    {
      name: 'register',
      send: (request, from) =>
        post('/api/users/register', { name: 'Bot', email: 'bot@nowhere.example', password: 'Long-enough-1' }, () => ({ 'x-tenant': fixtures.north.tenant.slug }))(request, from),
      // A getter: the school's name is in the fixtures, read once the tests run.
      get within() {
        return { status: 403, message: `${fixtures.north.tenant.name} does not accept self-registration. Ask the school for an invitation.` }
      },
      refusal: 'status',
    },
    {
      name: 'verify (REST)',
      send: post('/api/users/verify/made-up-token'),
      within: { status: 403, message: INVALID_VERIFICATION },
      refusal: 'status',
    },
    {
      name: 'verify (link)',
      send: get('/api/users/verify-email?token=made-up'),
      within: { status: 400, message: INVALID_LINK },
      refusal: 'status',
    },
    {
      // Counted in the API gate before Payload runs: a real 429, not an error inside a 200.
      name: 'verify (GraphQL)',
      send: mutation(() => 'mutation { verifyEmailUser(token: "made-up") }'),
      within: { status: 200, message: INVALID_VERIFICATION, graphqlStatus: 403 },
      refusal: 'status',
    },
    {
      name: 'email-change confirmation',
      send: get('/api/users/confirm-email?token=made-up', { accept: 'application/json' }),
      within: { status: 400, message: 'This confirmation link is invalid or has expired.' },
      refusal: 'status',
    },
    {
      name: 'invitation preview',
      send: get('/api/invitations/preview?token=made-up'),
      within: { status: 400, message: INVALID_INVITATION },
      refusal: 'status',
    },
    {
      name: 'invitation acceptance',
      send: post('/api/invitations/accept', { token: 'made-up' }),
      within: { status: 400, message: INVALID_INVITATION },
      refusal: 'status',
    },
  ]

  for (const operation of OPERATIONS) {
    test(`should refuse ${operation.name} past the limit from one address, and not from another`, async ({ request }) => {
      const ip = freshIp()
      await expectLimited(() => operation.send(request, behindProxy(ip)), operation.within, operation.refusal, operation.name)
      // Another client, who even claims to be the refused one.
      expect(await answerOf(await operation.send(request, behindProxy(freshIp(), ip))), 'another address').toEqual(operation.within)
    })
  }

  test('should refuse even the right password past the login limit, counting REST and GraphQL together', async ({ request }) => {
    const from = behindProxy(freshIp())
    for (let attempt = 1; attempt < limited.max; attempt += 1) {
      expect(await answerOf(await failedLogin(request, limited.baseUrl, from))).toEqual({ status: 401, message: WRONG_CREDENTIALS })
    }
    const viaGraphql = await graphql(request, limited.baseUrl, `mutation { loginUser(email: "${GHOST}", password: "wrong") { token } }`, from)
    expect(await answerOf(viaGraphql)).toEqual({ status: 200, message: WRONG_CREDENTIALS, graphqlStatus: 401 })
    const { email } = fixtures.north.instructor
    const rightPassword = (headers: HeaderMap) => request.post(`${limited.baseUrl}/api/users/login`, { headers, data: { email, password: fixtures.password } })
    const refused = await rightPassword(from)
    expect(await answerOf(refused)).toEqual({ status: 429, message: tooManyAttempts(Number(refused.headers()['retry-after'])) })
    expect((await rightPassword(behindProxy(freshIp()))).status()).toBe(200)
  })

  test('should count the three ways of spending a verification token together', async ({ request }) => {
    const from = behindProxy(freshIp())
    const ways = [
      () => request.post(`${limited.baseUrl}/api/users/verify/made-up-token`, { headers: from }),
      () => request.get(`${limited.baseUrl}/api/users/verify-email?token=made-up`, { headers: from }),
      () => graphql(request, limited.baseUrl, 'mutation { verifyEmailUser(token: "made-up") }', from),
    ]
    expect(ways).toHaveLength(limited.max)
    const within: Answer[] = []
    for (const way of ways) {
      within.push(await answerOf(await way()))
    }
    expect(within).toEqual([
      { status: 403, message: INVALID_VERIFICATION },
      { status: 400, message: INVALID_LINK },
      { status: 200, message: INVALID_VERIFICATION, graphqlStatus: 403 },
    ])
    for (const way of ways) {
      expect((await way()).status()).toBe(429)
    }
  })

  test('should count each action in its own window', async ({ request }) => {
    const from = behindProxy(freshIp())
    for (let attempt = 1; attempt <= limited.max; attempt += 1) {
      expect((await failedLogin(request, limited.baseUrl, from)).status()).toBe(401)
    }
    expect((await failedLogin(request, limited.baseUrl, from)).status()).toBe(429)
    const forgot = await request.post(`${limited.baseUrl}/api/users/forgot-password`, { headers: from, data: { email: GHOST } })
    expect(await answerOf(forgot)).toEqual({ status: 200, message: 'Success' })
  })
})

test.describe('client address with no trusted proxy (TRUST_PROXY_HOPS=0)', () => {
  // The first server: its limit (1000) is out of reach, and every spec of the suite counts from
  // 127.0.0.1 there, so the audit trail shows which address it counts instead.
  test('should take the socket address, ignoring X-Forwarded-For and x-aqoon-client-ip', async ({ baseURL, playwright, request }) => {
    const email = `probe-${hex()}${hex()}@nowhere.example`
    const claims = { ...behindProxy(freshIp(), claimedIp()), 'x-aqoon-client-ip': claimedIp() }
    expect(await answerOf(await failedLogin(request, baseURL!, claims, email))).toEqual({ status: 401, message: WRONG_CREDENTIALS })
    const operator = await tokenOf(playwright, baseURL!, fixtures.operator.email, {})
    await expect.poll(() => recordedAddresses(request, baseURL!, email, operator)).toEqual(['127.0.0.1'])
  })
})
