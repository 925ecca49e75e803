import type { PaymentSetting } from '@/payload-types'

import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createPerson, createSchool, createSuperAdmin, type Persona, type School, uniq } from '../helpers/personas'
import { bootWithStripe, checkout, createPaidCourse, orderOf, type PaymentsWorld, STRIPE_SECRET_KEY } from '../helpers/payments'

/**
 * Stripe Connect onboarding by the school: a school admin opens the school's Express account and
 * goes through Stripe's hosted onboarding (the stand-in's), Stripe's word on the account is kept
 * from `account.updated` and the return from Stripe, and card payments go to the school's
 * account only once Stripe lets it take them.
 */

let world: PaymentsWorld
let root: Persona
const id = uniq()
const SERVER = 'http://aqoon.test:3000'

/** What a browser sends when Stripe's page sends the admin back to us. */
const CROSS_SITE_NAVIGATION = { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' }

type ConnectAnswer = { url?: string; account?: string; stage?: string; expiresAt?: string; errors?: { message: string; data?: { errors?: { path: string; message: string }[] } }[] }

const newSchool = (label: string) => createSchool(world.app.payload, `conn-${label}-${id}`)

const connect = async (person: Persona | undefined, tenant: unknown): Promise<{ status: number; body: ConnectAnswer }> => {
  const response = await world.app.api.post('/api/payment-settings/stripe/connect', { ...(person ? { token: await world.app.api.tokenOf(person) } : {}), body: { tenant } })
  return { status: response.status, body: (await response.json()) as ConnectAnswer }
}

const visit = async (person: Persona | undefined, path: string, headers: Record<string, string> = {}) =>
  world.app.api.get(path.replace(SERVER, ''), { ...(person ? { token: await world.app.api.tokenOf(person) } : {}), headers })

const settingsOf = async (school: School): Promise<PaymentSetting | undefined> =>
  (await world.app.payload.find({ collection: 'payment-settings', where: { tenant: { equals: school.tenant.id } }, limit: 1, depth: 0, overrideAccess: true })).docs[0]

const accountsMadeFor = (school: School) => world.stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/accounts' && (r.params.metadata as Record<string, string> | undefined)?.tenant === String(school.tenant.id))

const messageOf = async (response: Response) => ((await response.json()) as { errors?: { message: string }[] }).errors?.[0]?.message

/** The admin at Stripe's hosted onboarding: opens the link, submits, and is sent back (the answer's Location). */
const onboardAt = async (url: string): Promise<string> => {
  const page = await fetch(url)
  expect(page.status).toBe(200)
  const submitted = await fetch(`${url}/submit`, { method: 'POST', redirect: 'manual' })
  expect(submitted.status).toBe(303)
  return submitted.headers.get('location') ?? ''
}

/** A school whose admin has connected Stripe and finished onboarding (its `account.updated` delivered). */
const readySchool = async (label: string): Promise<{ school: School; account: string }> => {
  const school = await newSchool(label)
  const started = await connect(school.admin, school.tenant.id)
  expect(started.status).toBe(200)
  await onboardAt(started.body.url!)
  expect((await settingsOf(school))?.stripeStatus?.chargesEnabled).toBe(true)
  return { school, account: started.body.account! }
}

beforeAll(async () => {
  world = await bootWithStripe()
  root = await createSuperAdmin(world.app.payload, `conn-${id}`)
})

afterAll(() => world?.close())

describe('starting onboarding', () => {
  it('should open one Express account for the school however often onboarding is started at once, and answer links to Stripe onboarding', async () => {
    const school = await newSchool('one')
    const created = await world.app.api.post('/api/payment-settings', { token: await world.app.api.tokenOf(school.admin), body: { tenant: school.tenant.id, country: 'GB', invoiceEmail: `billing@${school.tenant.slug}.example` } })
    expect(created.status).toBe(201)

    // Stripe is slow to open the account: the second request comes while the first waits for it.
    world.stripe.delayNext(500)
    const [first, second] = await Promise.all([connect(school.admin, school.tenant.id), connect(school.admin, school.tenant.id)])
    expect([first.status, second.status]).toEqual([200, 200])
    const account = first.body.account!
    expect(account).toMatch(/^acct_/)
    expect(second.body.account).toBe(account)
    expect(first.body.stage).toBe('onboarding')
    for (const answer of [first, second]) {
      expect(answer.body.url).toMatch(new RegExp(`^${world.stripe.url}/setup/e/${account}/`))
    }
    expect(first.body.url).not.toBe(second.body.url)

    const made = accountsMadeFor(school)
    expect(made).toHaveLength(1)
    expect(made[0]!.idempotencyKey).toMatch(new RegExp(`^aqoon-connect-account-${school.tenant.id}-[0-9a-f]{16}$`))
    expect(made[0]!.params).toEqual({
      type: 'express',
      country: 'GB',
      email: `billing@${school.tenant.slug}.example`,
      capabilities: { card_payments: { requested: 'true' }, transfers: { requested: 'true' } },
      metadata: { tenant: String(school.tenant.id), school: school.tenant.slug },
    })
    const links = world.stripe.requests.filter((r) => r.path === '/v1/account_links' && r.params.account === account)
    expect(links.map((r) => r.params)).toEqual(
      [1, 2].map(() => ({
        account,
        type: 'account_onboarding',
        return_url: `${SERVER}/api/payment-settings/stripe/return?tenant=${school.tenant.id}`,
        refresh_url: `${SERVER}/api/payment-settings/stripe/refresh?tenant=${school.tenant.id}`,
      })),
    )
    expect(new Set(links.map((r) => r.idempotencyKey)).size).toBe(2)

    expect(await settingsOf(school)).toMatchObject({
      stripeAccountId: account,
      stripeStatus: { account, chargesEnabled: false, payoutsEnabled: false, detailsSubmitted: false, disabledReason: 'requirements.past_due' },
    })
    expect((await settingsOf(school))?.stripeStatus?.requirementsDue).toContain('external_account')

    // Later, the same account again: only a new link.
    const later = await connect(school.admin, school.tenant.id)
    expect(later.body.account).toBe(account)
    expect(accountsMadeFor(school)).toHaveLength(1)
  })

  it("should make the school's payment settings when it had none, and a super-admin may start it too", async () => {
    const school = await newSchool('none')
    const started = await connect(root, school.tenant.id)
    expect(started.status).toBe(200)
    expect(await settingsOf(school)).toMatchObject({ tenant: school.tenant.id, stripeAccountId: started.body.account, stripeEnabled: true })
    expect(accountsMadeFor(school)[0]!.params).not.toHaveProperty('country')
  })

  it('should refuse anonymous visitors, another school\'s admin, instructors and students, and a school that does not exist', async () => {
    const school = await newSchool('refused')
    const other = await newSchool('other')
    const tenant = school.tenant.id
    const routes = [`/api/payment-settings/stripe/return?tenant=${tenant}`, `/api/payment-settings/stripe/refresh?tenant=${tenant}`]
    expect((await connect(undefined, tenant)).status).toBe(401)
    for (const path of routes) {
      expect((await visit(undefined, path)).status, path).toBe(401)
    }
    for (const person of [other.admin, school.instructor, school.student, school.otherStudent]) {
      const answer = await connect(person, tenant)
      expect([answer.status, answer.body.errors?.[0]?.message], person.email).toEqual([403, "Only the school's admins connect its Stripe account."])
      for (const path of routes) {
        expect((await visit(person, path)).status, `${person.email} ${path}`).toBe(403)
      }
    }
    for (const bad of [undefined, 'seven', -1, 2_147_483_648]) {
      expect((await connect(school.admin, bad)).status, String(bad)).toBe(400)
    }
    expect((await connect(school.admin, 2_147_483_000)).status).toBe(403)
    expect(await connect(root, 2_147_483_000)).toMatchObject({ status: 404, body: { errors: [{ message: 'No such school.' }] } })
    expect(accountsMadeFor(school)).toHaveLength(0)
    expect(await settingsOf(school)).toBeUndefined()
  })

  it('should say so when Stripe is not set up on this server', async () => {
    const school = await newSchool('unset')
    const key = process.env.STRIPE_SECRET_KEY
    delete process.env.STRIPE_SECRET_KEY
    try {
      const answer = await connect(school.admin, school.tenant.id)
      expect([answer.status, answer.body.errors?.[0]?.message]).toEqual([404, 'Card payments (Stripe) are not set up on this server: the platform operator sets STRIPE_SECRET_KEY.'])
      expect((await visit(school.admin, `/api/payment-settings/stripe/return?tenant=${school.tenant.id}`)).status).toBe(404)
    } finally {
      process.env.STRIPE_SECRET_KEY = key
    }
  })

  it('should answer 503 when Stripe fails, keeping only an account Stripe opened, and name a detail Stripe refuses', async () => {
    const school = await newSchool('down')
    world.stripe.failNext({ method: 'POST', path: '/v1/accounts', status: 500, times: 3 })
    const down = await connect(school.admin, school.tenant.id)
    expect([down.status, down.body.errors?.[0]?.message]).toEqual([503, 'Stripe did not open an account for the school. Try again in a few minutes.'])
    expect(await settingsOf(school)).toBeUndefined()

    world.stripe.failNext({ method: 'POST', path: '/v1/account_links', status: 500, times: 3 })
    const noLink = await connect(school.admin, school.tenant.id)
    expect([noLink.status, noLink.body.errors?.[0]?.message]).toEqual([503, 'Stripe did not answer with an onboarding link. Try again in a few minutes.'])
    const kept = (await settingsOf(school))?.stripeAccountId
    expect(kept).toMatch(/^acct_/)
    const again = await connect(school.admin, school.tenant.id)
    expect([again.status, again.body.account]).toEqual([200, kept])

    world.stripe.failNext({ method: 'GET', path: `/v1/accounts/${kept}`, status: 500, times: 3 })
    const lost = await visit(school.admin, `/api/payment-settings/stripe/return?tenant=${school.tenant.id}`)
    expect([lost.status, await messageOf(lost)]).toEqual([503, "Stripe did not answer about the school's account. Try again in a few minutes."])

    const refusing = await newSchool('refusing')
    world.stripe.failNext({ method: 'POST', path: '/v1/accounts', status: 400, error: { type: 'invalid_request_error', param: 'country', message: 'Connected accounts in GB cannot be created by platforms in US.' } })
    const refused = await connect(refusing.admin, refusing.tenant.id)
    // Shown beside the field, as Payload shows a field's error.
    expect([refused.status, refused.body.errors?.[0]?.data?.errors]).toEqual([400, [{ path: 'country', message: "Stripe refused the school's country: Connected accounts in GB cannot be created by platforms in US." }]])
  })
})

describe('finishing onboarding', () => {
  it('should mark the school ready once when onboarding completes, though Stripe sends account.updated twice', async () => {
    const school = await newSchool('ready')
    const started = await connect(school.admin, school.tenant.id)
    const deliveredBefore = world.stripe.delivered.length
    const back = await onboardAt(started.body.url!)
    expect(back).toBe(`${SERVER}/api/payment-settings/stripe/return?tenant=${school.tenant.id}`)

    const updates = world.stripe.delivered.slice(deliveredBefore).filter((d) => d.event.type === 'account.updated')
    expect(updates.map((d) => [d.event.account, d.status])).toEqual([[started.body.account, 200]])
    const event = updates[0]!.event
    const ready = await settingsOf(school)
    expect(ready?.stripeStatus).toMatchObject({ account: started.body.account, chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true, requirementsDue: null, disabledReason: null })

    const [again] = await world.stripe.deliver(event)
    expect([again!.status, JSON.parse(again!.body)]).toEqual([200, { received: true, duplicate: true, status: 'applied' }])
    const recorded = await world.app.payload.find({ collection: 'provider-events', where: { eventId: { equals: event.id } }, overrideAccess: true, depth: 0 })
    expect(recorded.docs.map((e) => [e.status, e.account, e.attempts])).toEqual([['applied', started.body.account, 1]])
    expect((await settingsOf(school))?.stripeStatus?.checkedAt).toBe(ready?.stripeStatus?.checkedAt)

    // Nothing is left to do, so there is no onboarding to continue; the link was single-use.
    const done = await connect(school.admin, school.tenant.id)
    expect([done.status, done.body.errors?.[0]?.message]).toEqual([409, "This school's Stripe account is connected and takes card payments; Stripe wants nothing more. Its owner manages it in Stripe's dashboard."])
    const reused = await fetch(started.body.url!, { redirect: 'manual' })
    expect([reused.status, reused.headers.get('location')]).toEqual([303, `${SERVER}/api/payment-settings/stripe/refresh?tenant=${school.tenant.id}`])
  })

  it("should refuse account.updated signed with the platform endpoint's secret, and ignore an account no school uses", async () => {
    const { school, account } = await readySchool('forged')
    const forged = world.stripe.makeEvent('account.updated', { ...world.stripe.accounts.get(account), charges_enabled: false }, { account })
    const [answer] = await world.stripe.deliver(forged, { secret: world.stripe.webhookSecret })
    expect(answer!.status).toBe(400)
    expect((await settingsOf(school))?.stripeStatus?.chargesEnabled).toBe(true)

    const stranger = world.stripe.makeEvent('account.updated', { ...world.stripe.accounts.get(account), id: 'acct_nobodys0000000' }, { account: 'acct_nobodys0000000' })
    const [ignored] = await world.stripe.deliver(stranger)
    expect(JSON.parse(ignored!.body)).toMatchObject({ status: 'ignored' })
  })

  it('should record the state Stripe gives when the admin comes back, and take no older state after it', async () => {
    const school = await newSchool('return')
    const started = await connect(school.admin, school.tenant.id)
    const account = started.body.account!
    // Onboarding finished, but its event has not arrived (yet, or ever).
    const { events } = await world.stripe.completeOnboarding(account, { deliver: false })
    expect((await settingsOf(school))?.stripeStatus?.chargesEnabled).toBe(false)

    const login = await world.app.api.post('/api/users/login', { body: { email: school.admin.email, password: school.admin.password } })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const back = await visit(undefined, `/api/payment-settings/stripe/return?tenant=${school.tenant.id}`, { cookie, ...CROSS_SITE_NAVIGATION })
    const settings = await settingsOf(school)
    expect([back.status, back.headers.get('location')]).toEqual([303, `${SERVER}/admin/collections/payment-settings/${settings!.id}`])
    expect(world.stripe.requests.filter((r) => r.method === 'GET' && r.path === `/v1/accounts/${account}`)).toHaveLength(1)
    expect(settings?.stripeStatus).toMatchObject({ account, chargesEnabled: true, detailsSubmitted: true })

    // Stripe's events come late and out of order: a state older than the one recorded changes nothing.
    const stale = { ...events[0]!, id: `evt_stale${uniq()}`, created: events[0]!.created - 120, data: { object: { ...world.stripe.accounts.get(account), charges_enabled: false, details_submitted: false } } }
    const [answer] = await world.stripe.deliver(stale)
    expect(JSON.parse(answer!.body)).toMatchObject({ status: 'applied' })
    expect((await settingsOf(school))?.stripeStatus).toMatchObject({ chargesEnabled: true, detailsSubmitted: true, checkedAt: settings?.stripeStatus?.checkedAt })
  })

  it("should send the admin to a new link from Stripe's refresh URL", async () => {
    const school = await newSchool('refresh')
    expect((await visit(school.admin, `/api/payment-settings/stripe/refresh?tenant=${school.tenant.id}`)).status).toBe(409)
    const started = await connect(school.admin, school.tenant.id)
    const renewed = await visit(school.admin, `/api/payment-settings/stripe/refresh?tenant=${school.tenant.id}`)
    expect(renewed.status).toBe(303)
    expect(renewed.headers.get('location')).toMatch(new RegExp(`^${world.stripe.url}/setup/e/${started.body.account}/`))
    expect(renewed.headers.get('location')).not.toBe(started.body.url)
    expect(accountsMadeFor(school)).toHaveLength(1)
  })
})

describe('where card payments go', () => {
  it("should pay the platform's account until the school's can take charges, then the school's with the platform's fee, and the platform's again when Stripe stops it", async () => {
    const school = await newSchool('money')
    await world.app.payload.create({ collection: 'payment-settings', data: { tenant: school.tenant.id, platformFeePercent: 10 }, overrideAccess: true })
    const course = await createPaidCourse(world.app, school)
    const buyer = () => createPerson(world.app.payload, { email: `buyer-${uniq()}@${school.tenant.slug}.example`, tenants: [{ tenant: school.tenant.id, roles: ['student'] }] })
    const sessionParams = () => world.stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions').at(-1)!.params
    const buy = async () => {
      const answer = await checkout(world.app, await buyer(), { course: course.id, provider: 'stripe' })
      expect(answer.status).toBe(201)
      return orderOf(world.app, answer.body.order!.id)
    }

    const started = await connect(school.admin, school.tenant.id)
    const account = started.body.account!
    const before = await buy()
    expect(sessionParams().payment_intent_data).not.toHaveProperty('transfer_data')
    expect(before.stripe).toMatchObject({ account: null, applicationFee: null })

    await world.stripe.completeOnboarding(account)
    const after = await buy()
    expect(sessionParams()).toMatchObject({ payment_intent_data: { transfer_data: { destination: account }, application_fee_amount: '490' } })
    expect(after.stripe).toMatchObject({ account, applicationFee: 490 })
    const paid = await world.stripe.completeCheckout(after.stripe!.checkoutSession!)
    expect(paid.answers.map((a) => a.status)).toEqual(paid.events.map(() => 200))
    expect((await orderOf(world.app, after.id)).status).toBe('succeeded')

    await world.stripe.requireInformation(account, ['individual.verification.document'])
    expect((await settingsOf(school))?.stripeStatus).toMatchObject({ chargesEnabled: false, requirementsDue: 'individual.verification.document' })
    const paused = await buy()
    expect(sessionParams().payment_intent_data).not.toHaveProperty('transfer_data')
    expect(paused.stripe?.account).toBeNull()
    const resumed = await connect(school.admin, school.tenant.id)
    expect([resumed.status, resumed.body.stage]).toEqual([200, 'restricted'])
  })
})

describe("the account's fields", () => {
  it("should be read by the school's admins and super-admins, and written by neither over REST or GraphQL", async () => {
    const { school, account } = await readySchool('fields')
    const settings = (await settingsOf(school))!
    const token = await world.app.api.tokenOf(school.admin)
    const read = (await (await world.app.api.get(`/api/payment-settings/${settings.id}`, { token })).json()) as PaymentSetting
    expect(read).toMatchObject({ stripeAccountId: account, stripeStatus: { account, chargesEnabled: true } })
    const other = await newSchool('fields-o')
    expect((await world.app.api.get(`/api/payment-settings/${settings.id}`, { token: await world.app.api.tokenOf(other.admin) })).status).toBe(404)

    const forged = { stripeAccountId: 'acct_attacker', stripeStatus: { account: 'acct_attacker', chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true, requirementsDue: null, checkedAt: new Date(Date.now() + 86_400_000).toISOString() } }
    const patched = await world.app.api.patch(`/api/payment-settings/${settings.id}`, { token, body: { ...forged, taxRate: 5 } })
    expect(patched.status).toBe(200)
    const overGraphql = await world.app.api.graphql(
      'mutation($id: Int!, $data: mutationPaymentSettingUpdateInput!) { updatePaymentSetting(id: $id, data: $data) { id } }',
      { id: settings.id, data: { ...forged, taxRate: 6, stripeStatus: { ...forged.stripeStatus, chargesEnabled: false } } },
      { token },
    )
    expect(overGraphql.errors).toBeUndefined()
    const after = (await settingsOf(school))!
    expect(after.taxRate).toBe(6)
    expect(after).toMatchObject({ stripeAccountId: account, stripeStatus: settings.stripeStatus })

    // A new school's settings made by its admin carry neither.
    const fresh = await newSchool('fields-n')
    const made = await world.app.api.post('/api/payment-settings', { token: await world.app.api.tokenOf(fresh.admin), body: { tenant: fresh.tenant.id, ...forged } })
    expect(made.status).toBe(201)
    expect(await settingsOf(fresh)).toMatchObject({ stripeAccountId: null, stripeStatus: { account: null, chargesEnabled: null, checkedAt: null } })
  })

  it('should pay an account a super-admin typed only once Stripe says it takes charges', async () => {
    const school = await newSchool('typed')
    // An account the platform opened outside the app (Stripe's dashboard), onboarded already.
    const stripe = new Stripe(STRIPE_SECRET_KEY, { host: world.stripe.host, port: world.stripe.port, protocol: 'http' })
    const { id: account } = await stripe.accounts.create({ type: 'express', capabilities: { card_payments: { requested: true }, transfers: { requested: true } } })
    await world.stripe.completeOnboarding(account)
    const settings = await world.app.payload.create({ collection: 'payment-settings', data: { tenant: school.tenant.id }, overrideAccess: true })
    expect((await world.app.api.patch(`/api/payment-settings/${settings.id}`, { token: await world.app.api.tokenOf(root), body: { stripeAccountId: account, platformFeePercent: 5 } })).status).toBe(200)
    const course = await createPaidCourse(world.app, school)
    const unchecked = await checkout(world.app, school.student, { course: course.id, provider: 'stripe' })
    expect((await orderOf(world.app, unchecked.body.order!.id)).stripe?.account).toBeNull()
    expect((await visit(root, `/api/payment-settings/stripe/return?tenant=${school.tenant.id}`)).status).toBe(303)
    const checked = await checkout(world.app, school.otherStudent, { course: course.id, provider: 'stripe' })
    expect((await orderOf(world.app, checked.body.order!.id)).stripe).toMatchObject({ account, applicationFee: 245 })
  })
})
