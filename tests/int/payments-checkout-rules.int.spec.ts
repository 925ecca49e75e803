import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createPerson, createSchool, createSuperAdmin, type School, uniq } from '../helpers/personas'
import { bootWithStripe, checkout, createPaidCourse, orderOf, type PaymentsWorld, sessionOf, STRIPE_SECRET_KEY } from '../helpers/payments'

let world: PaymentsWorld
let north: School
let south: School
const id = uniq()

const newStudent = (school: School) => createPerson(world.app.payload, { email: `buyer-${uniq()}@${school.tenant.slug}.example`, tenants: [{ tenant: school.tenant.id, roles: ['student'] }] })

const messageOf = (answer: { body: { errors?: { message: string }[] } }) => answer.body.errors?.[0]?.message

beforeAll(async () => {
  world = await bootWithStripe()
  north = await createSchool(world.app.payload, `payr-n-${id}`)
  south = await createSchool(world.app.payload, `payr-s-${id}`)
})

afterAll(() => world?.close())

describe('what a checkout refuses before money moves', () => {
  it('should refuse anonymous buyers, outsiders, free courses, unknown providers and bad bodies with their reasons', async () => {
    const course = await createPaidCourse(world.app, north)
    const free = await createPaidCourse(world.app, north, { enrollmentPolicy: 'open', price: {} })
    const anonymous = await world.app.api.post('/api/orders/checkout', { body: { course: course.id, provider: 'stripe' } })
    expect(anonymous.status).toBe(401)
    const cases: [Record<string, unknown>, number, string][] = [
      [{ course: 'seven', provider: 'stripe' }, 400, '"course" must be the id of a course.'],
      [{ course: course.id, provider: 'cash' }, 400, '"provider" must be one of stripe, paypal, bank.'],
      [{ course: course.id, provider: 'stripe', coupon: 12 }, 400, '"coupon" must be a code of at most 40 characters.'],
      [{ course: free.id, provider: 'stripe' }, 409, 'This course is not sold: enroll in it instead.'],
      [{ course: course.id, provider: 'paypal' }, 409, 'This school does not take payments by paypal.'],
      [{ course: 2_147_483_000, provider: 'stripe' }, 404, 'No such course.'],
    ]
    for (const [body, status, message] of cases) {
      const answer = await checkout(world.app, north.student, body)
      expect([answer.status, messageOf(answer)], JSON.stringify(body)).toEqual([status, message])
    }
    // Another school's student cannot read the course, so cannot buy it by guessing its id.
    const outsider = await checkout(world.app, south.student, { course: course.id, provider: 'stripe' })
    expect([outsider.status, messageOf(outsider)]).toEqual([404, 'No such course.'])
    expect(await world.app.payload.count({ collection: 'orders', where: { course: { equals: course.id } }, overrideAccess: true })).toMatchObject({ totalDocs: 0 })
  })

  it('should hold the last place for the buyer paying for it, and free it when the checkout expires', async () => {
    const course = await createPaidCourse(world.app, north, { capacity: 1 })
    const first = await newStudent(north)
    const second = await newStudent(north)
    const paying = await checkout(world.app, first, { course: course.id, provider: 'stripe' })
    expect(paying.status).toBe(201)
    const refused = await checkout(world.app, second, { course: course.id, provider: 'stripe' })
    expect([refused.status, messageOf(refused)]).toEqual([409, 'This course is full: all 1 places are taken or being paid for.'])
    // Staff cannot give the held place away either.
    const byStaff = await world.app.api.post('/api/enrollments', { token: await world.app.api.tokenOf(north.admin), body: { user: second.id, course: course.id, status: 'active' } })
    expect(byStaff.status).toBe(409)

    const session = world.stripe.sessions.get(await sessionOf(world.app, paying.body.order!.id))!
    await world.stripe.deliver(world.stripe.makeEvent('checkout.session.expired', { ...session, status: 'expired' }))
    expect(await orderOf(world.app, paying.body.order!.id)).toMatchObject({ status: 'failed', holdsPlaceUntil: null })
    const now = await checkout(world.app, second, { course: course.id, provider: 'stripe' })
    expect(now.status).toBe(201)
  })

  it('should refuse a buyer already enrolled, and a course that is closed or missing prerequisites', async () => {
    const basics = await createPaidCourse(world.app, north, { enrollmentPolicy: 'open', price: {} })
    const advanced = await createPaidCourse(world.app, north, { prerequisites: [basics.id] })
    const closed = await createPaidCourse(world.app, north, { enrollmentClosesAt: new Date(Date.now() - 86_400_000).toISOString() })
    const buyer = await newStudent(north)
    const missing = await checkout(world.app, buyer, { course: advanced.id, provider: 'stripe' })
    expect([missing.status, messageOf(missing)]).toEqual([403, 'Complete the prerequisite courses first (1 left).'])
    const late = await checkout(world.app, buyer, { course: closed.id, provider: 'stripe' })
    expect(late.status).toBe(403)
    expect(messageOf(late)).toMatch(/^Enrollment closed on /)
    const owned = await createPaidCourse(world.app, north)
    await world.app.payload.create({ collection: 'enrollments', data: { user: buyer.id, course: owned.id, status: 'active', source: 'staff' }, overrideAccess: true })
    const again = await checkout(world.app, buyer, { course: owned.id, provider: 'stripe' })
    expect([again.status, messageOf(again)]).toEqual([409, 'You already have a active enrollment in this course.'])
  })

  it('should answer 503 when Stripe cannot be reached, fail the order and hold no place', async () => {
    const course = await createPaidCourse(world.app, north, { capacity: 1 })
    world.stripe.failNext({ method: 'POST', path: '/v1/checkout/sessions', status: 500, times: 3 })
    const answer = await checkout(world.app, north.student, { course: course.id, provider: 'stripe' })
    expect([answer.status, messageOf(answer)]).toEqual([503, 'Card payments cannot be started right now. Try again in a few minutes.'])
    const orders = await world.app.payload.find({ collection: 'orders', where: { course: { equals: course.id } }, overrideAccess: true, depth: 0 })
    expect(orders.docs.map((o) => [o.status, o.holdsPlaceUntil])).toEqual([['failed', null]])
    expect((await checkout(world.app, north.otherStudent, { course: course.id, provider: 'stripe' })).status).toBe(201)
  })
})

describe('coupons', () => {
  it('should take a percentage or an amount off, refuse codes that do not apply, and count uses once paid', async () => {
    const course = await createPaidCourse(world.app, south)
    const otherCourse = await createPaidCourse(world.app, south)
    const make = (data: Record<string, unknown>) => world.app.payload.create({ collection: 'coupons', data: { tenant: south.tenant.id, code: `C${uniq()}`, ...data } as never, overrideAccess: true })
    const tenOff = await make({ kind: 'percent', percentOff: 10, maxRedemptions: 1 })
    const fiveDollars = await make({ kind: 'fixed', amountOff: 500, currency: 'USD', course: course.id })
    const euros = await make({ kind: 'fixed', amountOff: 500, currency: 'EUR' })
    const expired = await make({ kind: 'percent', percentOff: 50, validUntil: new Date(Date.now() - 1000).toISOString() })
    const off = await make({ kind: 'percent', percentOff: 50, active: false })

    const percent = await checkout(world.app, south.student, { course: course.id, provider: 'stripe', coupon: tenOff.code.toLowerCase() })
    expect(percent.body.order).toMatchObject({ subtotal: 4900, discount: 490, tax: 0, total: 4410 })
    const fixed = await checkout(world.app, south.otherStudent, { course: course.id, provider: 'stripe', coupon: fiveDollars.code })
    expect(fixed.body.order).toMatchObject({ subtotal: 4900, discount: 500, total: 4400 })

    const buyer = await newStudent(south)
    const refusals: [string, string][] = [
      [fiveDollars.code, 'This coupon is for another course.'],
      [euros.code, 'This coupon is in EUR; the course is priced in USD.'],
      [expired.code, 'This coupon has expired.'],
      [off.code, 'This coupon code is not valid.'],
      ['NO-SUCH-CODE', 'This coupon code is not valid.'],
    ]
    for (const [code, message] of refusals) {
      const answer = await checkout(world.app, buyer, { course: otherCourse.id, provider: 'stripe', coupon: code })
      expect([answer.status, messageOf(answer)], code).toEqual([400, message])
    }
    // Another school's code is not this school's.
    const northCoupon = await world.app.payload.create({ collection: 'coupons', data: { tenant: north.tenant.id, code: `N${uniq()}`, kind: 'percent', percentOff: 90 }, overrideAccess: true })
    expect(messageOf(await checkout(world.app, buyer, { course: otherCourse.id, provider: 'stripe', coupon: northCoupon.code }))).toBe('This coupon code is not valid.')

    await world.stripe.completeCheckout(await sessionOf(world.app, percent.body.order!.id))
    const used = await world.app.payload.findByID({ collection: 'coupons', id: tenOff.id, overrideAccess: true })
    expect(used.redemptions).toBe(1)
    const usedUp = await checkout(world.app, buyer, { course: otherCourse.id, provider: 'stripe', coupon: tenOff.code })
    expect([usedUp.status, messageOf(usedUp)]).toEqual([400, 'This coupon has been used up.'])
  })
})

describe('Stripe Connect', () => {
  it('should pay a school with a connected account directly, with the platform fee, and only a super-admin sets the account', async () => {
    const school = await createSchool(world.app.payload, `payc-${id}`)
    const adminSaid = await world.app.api.post('/api/payment-settings', { token: await world.app.api.tokenOf(school.admin), body: { tenant: school.tenant.id, stripeAccountId: 'acct_attacker', platformFeePercent: 0 } })
    expect(adminSaid.status).toBe(201)
    const settingsId = ((await adminSaid.json()) as { doc: { id: number; stripeAccountId?: string } }).doc.id
    expect((await world.app.payload.findByID({ collection: 'payment-settings', id: settingsId, overrideAccess: true })).stripeAccountId ?? null).toBeNull()
    // An account the platform opened in Stripe's dashboard, onboarded there.
    const stripe = new Stripe(STRIPE_SECRET_KEY, { host: world.stripe.host, port: world.stripe.port, protocol: 'http' })
    const { id: account } = await stripe.accounts.create({ type: 'express', capabilities: { card_payments: { requested: true }, transfers: { requested: true } } })
    await world.stripe.completeOnboarding(account)
    const root = await createSuperAdmin(world.app.payload, `payc-${id}`)
    const rootToken = await world.app.api.tokenOf(root)
    const set = await world.app.api.patch(`/api/payment-settings/${settingsId}`, { token: rootToken, body: { stripeAccountId: account, platformFeePercent: 10 } })
    expect(set.status).toBe(200)
    // Paid once Stripe says the account takes charges (docs/payments.md, "Connect onboarding").
    expect((await world.app.api.get(`/api/payment-settings/stripe/return?tenant=${school.tenant.id}`, { token: rootToken })).status).toBe(303)

    const course = await createPaidCourse(world.app, school)
    const answer = await checkout(world.app, school.student, { course: course.id, provider: 'stripe' })
    expect(answer.status).toBe(201)
    const created = world.stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions').at(-1)!
    expect(created.params).toMatchObject({ payment_intent_data: { transfer_data: { destination: account }, application_fee_amount: '490' } })
    expect(await orderOf(world.app, answer.body.order!.id)).toMatchObject({ stripe: { account, applicationFee: 490 } })
  })
})
