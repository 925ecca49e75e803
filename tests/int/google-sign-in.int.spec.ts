import type { User } from '@/payload-types'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createPerson, createSchool, type School, uniq } from '../helpers/personas'
import { linkIn } from '../helpers/mailbox'
import { followToCallback, type GoogleStandIn, type IdTokenTampering, startGoogleStandIn } from '../stand-ins/googleOidc'
import { TEST_ENV } from '../helpers/testEnv'

const id = uniq()
const CALLBACK = `${TEST_ENV.SERVER_URL}/api/auth/google/callback`
const account = (name: string, verified = true) => ({
  sub: `google-${name}-${id}`,
  email: `${name}-${id}@gmail.example`,
  email_verified: verified,
  name: `G ${name}`,
})
const newcomer = account('newcomer')
const teacher = account('teacher')
const spoofer = { ...account('spoofer', false), email: `teacher-${id}@gmail.example` }
const closedDoor = account('closed')
const browser = account('browser')
/** Google vouches for this address; someone else registered it here first and never confirmed it. */
const victim = account('victim')
const TAMPERINGS: IdTokenTampering[] = ['foreign-signature', 'wrong-audience', 'wrong-nonce', 'expired']
const tampered = Object.fromEntries(TAMPERINGS.map((how) => [how, account(`tampered-${how}`)]))

let google: GoogleStandIn
let app: TestApp
let open: School
let closed: School

type Errors = { errors: { message: string }[] }

beforeAll(async () => {
  google = await startGoogleStandIn({ accounts: [newcomer, teacher, spoofer, closedDoor, browser, victim, ...Object.values(tampered)], redirectUri: CALLBACK })
  app = await bootApp({ GOOGLE_ISSUER: google.issuer, GOOGLE_CLIENT_ID: google.clientId, GOOGLE_CLIENT_SECRET: google.clientSecret })
  open = await createSchool(app.payload, `g-open-${id}`, { registration: 'open' })
  closed = await createSchool(app.payload, `g-closed-${id}`)
})

afterAll(async () => {
  await app.close()
  await google.close()
})

/** Starts sign-in at Aqoon, lets the stand-in log the account in, and returns the way back. */
const startAndAuthorize = async (hint: string, tenant: string, returnTo = '/') => {
  const start = await app.api.get(`/api/auth/google?login_hint=${encodeURIComponent(hint)}&returnTo=${encodeURIComponent(returnTo)}`, { tenant })
  expect(start.status).toBe(302)
  const location = start.headers.get('location') ?? ''
  expect(location.startsWith(`${google.issuer}/auth?`)).toBe(true)
  const authorize = new URL(location)
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
  expect(authorize.searchParams.get('state')).toBeTruthy()
  expect(authorize.searchParams.get('nonce')).toBeTruthy()
  const flowCookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const callback = await followToCallback(location, CALLBACK)
  const finish = (url: URL = callback, cookie = flowCookie, json = true) =>
    app.api.get(url.pathname + url.search, { headers: { cookie, ...(json ? { accept: 'application/json' } : {}) } })
  return { callback, flowCookie, finish }
}

const findByEmail = async (email: string) =>
  (await app.payload.find({ collection: 'users', where: { email: { equals: email } }, depth: 0, overrideAccess: true })).docs

describe('Google sign-in', () => {
  it('should register a new person as a student of an open tenant and sign them in', async () => {
    const { finish } = await startAndAuthorize(newcomer.sub, open.tenant.slug)
    const response = await finish()
    expect(response.status).toBe(200)
    const body = (await response.json()) as { token: string; user: User }
    expect(response.headers.getSetCookie().some((c) => c.startsWith('payload-token='))).toBe(true)
    const me = (await (await app.api.get('/api/users/me', { token: body.token })).json()) as { user: User }
    expect(me.user.email).toBe(newcomer.email)
    const [created] = await findByEmail(newcomer.email)
    expect(created?.tenants?.map((t) => [t.tenant, t.roles])).toEqual([[open.tenant.id, ['student']]])
    expect(created?.googleSub).toBe(newcomer.sub)
    const audit = await app.payload.find({ collection: 'audit-logs', where: { and: [{ action: { equals: 'google-sign-in' } }, { actor: { equals: created?.id } }] }, overrideAccess: true })
    expect(audit.totalDocs).toBe(1)
  })

  it('should sign the same Google account in again as the same person', async () => {
    const { finish } = await startAndAuthorize(newcomer.sub, open.tenant.slug)
    expect((await finish()).status).toBe(200)
    expect(await findByEmail(newcomer.email)).toHaveLength(1)
  })

  it('should link an existing account when Google verified its email', async () => {
    const existing = await createPerson(app.payload, { email: teacher.email, tenants: [{ tenant: closed.tenant.id, roles: ['instructor'] }] })
    const { finish } = await startAndAuthorize(teacher.sub, closed.tenant.slug)
    const response = await finish()
    expect(response.status).toBe(200)
    expect(((await response.json()) as { user: User }).user.id).toBe(existing.id)
    const [linked] = await findByEmail(teacher.email)
    expect(linked?.googleSub).toBe(teacher.sub)
    // Memberships are untouched by linking.
    expect(linked?.tenants?.map((t) => t.tenant)).toEqual([closed.tenant.id])
  })

  it('should never let an unverified Google email take over an account', async () => {
    // The teacher's account is now linked to the teacher's Google identity; a second
    // identity claiming the same address, unverified, must not get in.
    const { finish } = await startAndAuthorize(spoofer.sub, open.tenant.slug)
    const response = await finish()
    expect(response.status).toBe(403)
    expect(((await response.json()) as Errors).errors[0]?.message).toMatch(/not verified/)
    const [teacherAccount] = await findByEmail(teacher.email)
    expect(teacherAccount?.googleSub).toBe(teacher.sub)
  })

  it('should refuse a new person where the tenant does not accept registrations', async () => {
    const { finish } = await startAndAuthorize(closedDoor.sub, closed.tenant.slug)
    const response = await finish()
    expect(response.status).toBe(403)
    expect(((await response.json()) as Errors).errors[0]?.message).toMatch(/does not accept self-registration/)
    expect(await findByEmail(closedDoor.email)).toHaveLength(0)
  })

  it('should refuse a tampered state and a tampered flow cookie', async () => {
    const { callback, flowCookie, finish } = await startAndAuthorize(newcomer.sub, open.tenant.slug)
    const forged = new URL(callback)
    forged.searchParams.set('state', 'forged-state')
    expect((await finish(forged)).status).toBe(400)
    const [value] = flowCookie.split('=').slice(1)
    const tamperedCookie = `aqoon-google=${(value ?? '').replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))}`
    expect((await finish(callback, tamperedCookie)).status).toBe(400)
    expect((await finish(callback, '')).status).toBe(400)
  })

  it('should refuse a replayed authorization code', async () => {
    const { finish } = await startAndAuthorize(newcomer.sub, open.tenant.slug)
    expect((await finish()).status).toBe(200)
    const replay = await finish()
    expect(replay.status).toBe(400)
    expect(((await replay.json()) as Errors).errors[0]?.message).toMatch(/could not be verified/)
  })

  it('should send a browser back to a safe path with the auth cookie', async () => {
    const { finish } = await startAndAuthorize(browser.sub, open.tenant.slug, '/courses?from=google')
    const response = await finish(undefined, undefined, false)
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/courses?from=google')
    const cookies = response.headers.getSetCookie()
    expect(cookies.some((c) => /^payload-token=.+HttpOnly/i.test(c))).toBe(true)
    expect(cookies.some((c) => /^aqoon-google=;.*Max-Age=0/.test(c))).toBe(true)
  })

  it('should refuse return addresses on other sites, or that a browser would read as such, with 400', async () => {
    const refused = [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      '/\t/evil.example',
      '\n/x',
      '/\n/x',
      '/x\r\nSet-Cookie: a=b',
      '/%2f%2fevil.example',
      '/%5cevil.example',
      '\u0000',
    ]
    const queries = [
      ...refused.map((returnTo) => `returnTo=${encodeURIComponent(returnTo)}`),
      // As people and scanners type them: a stray newline, tab or NUL, decoded by the query parser.
      'returnTo=%0A/x',
      'returnTo=/x%0Ay',
      'returnTo=/%09/evil.example',
      'returnTo=/%0D%0ALocation:%20https://evil.example',
      'returnTo=%00',
    ]
    for (const query of queries) {
      const response = await app.api.get(`/api/auth/google?${query}`, { tenant: open.tenant.slug })
      expect(response.status, query).toBe(400)
      expect(((await response.json()) as Errors).errors[0]?.message, query).toMatch(/^returnTo must be a path on this site/)
    }
    const tenantOrigin = await app.api.get(`/api/auth/google?returnTo=${encodeURIComponent(`http://${open.tenant.slug}.aqoon.test:3000/home`)}`, { tenant: open.tenant.slug })
    expect(tenantOrigin.status).toBe(302)
  })

  it('should bring the browser back to the normalised return address', async () => {
    const { finish } = await startAndAuthorize(browser.sub, open.tenant.slug, '/learn/courses/../%D8%AF?x=1#top')
    const response = await finish(undefined, undefined, false)
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/learn/%D8%AF?x=1#top')
  })
})

describe('Google sign-in and an account whose address was never confirmed', () => {
  const registrantPassword = 'Registrant-pass-1'
  const login = (password: string) => app.api.post('/api/users/login', { body: { email: victim.email, password } })

  it('should refuse to adopt it, linking and verifying nothing', async () => {
    // Someone else registers the address at a school with open registration and never confirms it.
    const registered = await app.api.post('/api/users/register', {
      tenant: open.tenant.slug,
      body: { name: 'Not the owner', email: victim.email, password: registrantPassword },
    })
    expect(registered.status).toBe(201)
    const before = await login(registrantPassword)
    expect(before.status).toBe(403)
    const refusedLogin = ((await before.json()) as Errors).errors[0]?.message

    const { finish } = await startAndAuthorize(victim.sub, open.tenant.slug)
    const response = await finish()
    expect(response.status).toBe(409)
    expect(((await response.json()) as Errors).errors[0]?.message).toMatch(/never confirmed.*Forgot password.*sign in with Google again/s)
    expect(response.headers.getSetCookie().some((c) => c.startsWith('payload-token='))).toBe(false)
    const [account] = await findByEmail(victim.email)
    expect(account?.googleSub ?? null).toBeNull()
    expect(account?._verified).toBe(false)
    // The registrant's password fares as it did: still refused for want of a confirmation.
    const after = await login(registrantPassword)
    expect(after.status).toBe(403)
    expect(((await after.json()) as Errors).errors[0]?.message).toBe(refusedLogin)
  })

  it('should link it once its password is reset through the mailed link, as the refusal advises', async () => {
    expect((await app.api.post('/api/users/forgot-password', { body: { email: victim.email } })).status).toBe(200)
    const mail = await app.mailbox.waitFor((m) => m.to.includes(victim.email) && /password/i.test(m.subject))
    const token = decodeURIComponent(linkIn(mail, `${TEST_ENV.SERVER_URL}/admin/reset/`).split('/admin/reset/')[1] ?? '')
    expect((await app.api.post('/api/users/reset-password', { body: { token, password: 'Owners-own-pass-1' } })).status).toBe(200)
    // The link went to the address, so using it confirms the address.
    const [reset] = await findByEmail(victim.email)
    expect(reset?._verified).toBe(true)
    expect((await login(registrantPassword)).status).toBe(401)

    const { finish } = await startAndAuthorize(victim.sub, open.tenant.slug)
    const response = await finish()
    expect(response.status).toBe(200)
    expect(((await response.json()) as { user: User }).user.id).toBe(reset?.id)
    const [linked] = await findByEmail(victim.email)
    expect(linked?.googleSub).toBe(victim.sub)
  })
})

describe('Google ID token checks', () => {
  it.each(TAMPERINGS)('should refuse an ID token tampered with (%s) and sign nobody in', async (how) => {
    const person = tampered[how]!
    const { finish } = await startAndAuthorize(person.sub, open.tenant.slug)
    google.tamperNextIdToken(how)
    const response = await finish()
    expect(response.status).toBe(400)
    expect(((await response.json()) as Errors).errors[0]?.message).toMatch(/could not be verified/)
    expect(response.headers.getSetCookie().some((c) => c.startsWith('payload-token='))).toBe(false)
    expect(await findByEmail(person.email)).toHaveLength(0)
    const linked = await app.payload.count({ collection: 'users', where: { googleSub: { equals: person.sub } }, overrideAccess: true })
    expect(linked.totalDocs).toBe(0)
  })

  it('should accept a sound ID token for the same Google account', async () => {
    const person = tampered['foreign-signature']!
    const { finish } = await startAndAuthorize(person.sub, open.tenant.slug)
    expect((await finish()).status).toBe(200)
    expect((await findByEmail(person.email))[0]?.googleSub).toBe(person.sub)
  })
})
