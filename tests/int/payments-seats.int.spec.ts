import { createLocalReq } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { suspendLapsedSeats } from '@/domain/payments/seats/seatBilling'

import { createCourse } from '../helpers/courses'
import { createPerson, createSchool, type Persona, type School, uniq } from '../helpers/personas'
import { bootWithStripe, type PaymentsWorld } from '../helpers/payments'

let world: PaymentsWorld
let school: School
let other: School
let manager: Persona
let courses: number[]
let planId: number
const id = uniq()

const token = (person: Persona) => world.app.api.tokenOf(person)
const member = (label: string) => createPerson(world.app.payload, { email: `${label}-${uniq()}@${school.tenant.slug}.example`, tenants: [{ tenant: school.tenant.id, roles: ['student'] }] })
const messageOf = async (response: Response) => ((await response.json()) as { errors?: { message: string }[] }).errors?.[0]?.message
const statusesOf = async (person: Persona) =>
  (await world.app.payload.find({ collection: 'enrollments', where: { and: [{ user: { equals: person.id } }, { course: { in: courses } }] }, sort: 'course', overrideAccess: true, depth: 0 })).docs.map((e) => e.status)
const subscriptionOf = (subscription: number) => world.app.payload.findByID({ collection: 'seat-subscriptions', id: subscription, overrideAccess: true, depth: 0 })
const chargesOf = async (subscription: number) => {
  const orders = await world.app.payload.find({ collection: 'orders', where: { seatSubscription: { equals: subscription } }, overrideAccess: true, depth: 0, pagination: false })
  const charges = await world.app.payload.find({ collection: 'payments', where: { and: [{ order: { in: orders.docs.map((o) => o.id) } }, { kind: { equals: 'charge' } }] }, sort: 'id', overrideAccess: true, depth: 0 })
  return charges.docs.map((c) => [c.amount, c.reference.startsWith('in_')])
}

/** Buys `seats` seats as the manager, through Stripe's subscription Checkout; returns the seat subscription and Stripe's subscription id. */
const buySeats = async (seats: number): Promise<{ subscription: number; stripeSubscription: string }> => {
  const answer = await world.app.api.post('/api/seat-subscriptions/checkout', { token: await token(manager), body: { plan: planId, seats, organisation: 'Acme Logistics' } })
  expect(answer.status).toBe(201)
  const body = (await answer.json()) as { subscription: { id: number }; order: { id: number } }
  const order = await world.app.payload.findByID({ collection: 'orders', id: body.order.id, overrideAccess: true, depth: 0 })
  const done = await world.stripe.completeCheckout(order.stripe!.checkoutSession!)
  expect(done.answers.map((a) => a.status)).toEqual(done.events.map(() => 200))
  const subscription = await subscriptionOf(body.subscription.id)
  return { subscription: subscription.id, stripeSubscription: subscription.stripe!.subscription! }
}

beforeAll(async () => {
  world = await bootWithStripe()
  school = await createSchool(world.app.payload, `seats-${id}`)
  other = await createSchool(world.app.payload, `seats-o-${id}`)
  await world.app.payload.create({ collection: 'payment-settings', data: { tenant: school.tenant.id, taxRate: 10, legalName: 'Seats Academy' }, overrideAccess: true })
  manager = await member('manager')
  courses = [(await createCourse(world.app.payload, school.tenant.id, { enrollmentPolicy: 'paid', price: { amount: 9900, currency: 'USD' } })).id, (await createCourse(world.app.payload, school.tenant.id, { enrollmentPolicy: 'invite-only' })).id]
  const plan = await world.app.api.post('/api/seat-plans', { token: await token(school.admin), body: { tenant: school.tenant.id, name: 'Team plan', courses, pricePerSeat: 2000, currency: 'USD', interval: 'month', minSeats: 1, maxSeats: 100 } })
  expect(plan.status).toBe(201)
  planId = ((await plan.json()) as { doc: { id: number } }).doc.id
})

afterAll(() => world?.close())

describe('institutional seats', () => {
  it('should start a Stripe subscription for the seats and record its first invoice once, not its checkout as well', async () => {
    const { subscription } = await buySeats(2)
    const created = world.stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions').at(-1)!
    expect(created.params).toMatchObject({ mode: 'subscription', line_items: [{ quantity: '2', price_data: { unit_amount: '2200', recurring: { interval: 'month' } } }], subscription_data: { metadata: { seatSubscription: String(subscription) } } })
    expect(await subscriptionOf(subscription)).toMatchObject({ status: 'active', seats: 2 })
    expect(await chargesOf(subscription)).toEqual([[4400, true]])
    const invoices = await world.app.payload.find({ collection: 'invoices', where: { buyer: { equals: manager.id } }, overrideAccess: true, depth: 0 })
    expect(invoices.docs.map((i) => [i.total, i.tax])).toEqual([[4400, 400]])
  })

  it('should let the manager give, refuse past the seats bought, free and give again, each change audited', async () => {
    const { subscription } = await buySeats(2)
    const [ayaan, bilan, cali] = [await member('ayaan'), await member('bilan'), await member('cali')]
    const give = async (person: Persona, as: Persona = manager) => world.app.api.post(`/api/seat-subscriptions/${subscription}/assign`, { token: await token(as), body: { person: person.id } })
    expect((await give(ayaan)).status).toBe(201)
    const toBilan = await give(bilan)
    expect(toBilan.status).toBe(201)
    expect(await statusesOf(ayaan)).toEqual(['active', 'active'])
    const full = await give(cali)
    expect([full.status, await messageOf(full)]).toEqual([409, 'All 2 seats are given. Free one, or buy more.'])
    expect((await give(cali, school.student)).status).toBe(404)
    expect((await give(cali, other.admin)).status).toBe(404)
    const outsider = await give(other.student)
    expect([outsider.status, await messageOf(outsider)]).toEqual([400, 'Seats go to members of the school: invite this person first.'])

    const seat = ((await toBilan.json()) as { doc: { id: number } }).doc.id
    const freed = await world.app.api.post(`/api/seat-subscriptions/${subscription}/free`, { token: await token(manager), body: { assignment: seat } })
    expect(freed.status).toBe(200)
    expect(await statusesOf(bilan)).toEqual(['cancelled', 'cancelled'])
    expect((await give(cali)).status).toBe(201)
    const audited = await world.app.payload.find({ collection: 'audit-logs', where: { and: [{ collection: { equals: 'seat-assignments' } }, { documentId: { equals: String(seat) } }] }, overrideAccess: true, depth: 0 })
    expect(audited.docs.map((a) => a.action).sort()).toEqual(['create', 'update'])
  })

  it('should suspend the seats of a lapsed subscription after the grace period and restore them when paid', async () => {
    const { subscription, stripeSubscription } = await buySeats(1)
    const holder = await member('holder')
    expect((await world.app.api.post(`/api/seat-subscriptions/${subscription}/assign`, { token: await token(manager), body: { person: holder.id } })).status).toBe(201)

    await world.stripe.renewSubscription(stripeSubscription, { paid: false })
    const behind = await subscriptionOf(subscription)
    expect(behind.status).toBe('past-due')
    expect(behind.graceUntil).toBeTruthy()
    const req = await createLocalReq({}, world.app.payload)
    // Within the grace period nothing is suspended; after it, the seats are.
    await suspendLapsedSeats(req, new Date(new Date(behind.graceUntil!).getTime() - 60_000))
    expect(await statusesOf(holder)).toEqual(['active', 'active'])
    await suspendLapsedSeats(req, new Date(new Date(behind.graceUntil!).getTime() + 60_000))
    await suspendLapsedSeats(req, new Date(new Date(behind.graceUntil!).getTime() + 120_000))
    expect(await statusesOf(holder)).toEqual(['cancelled', 'cancelled'])
    expect(await subscriptionOf(subscription)).toMatchObject({ status: 'lapsed' })
    const blocked = await world.app.api.post(`/api/seat-subscriptions/${subscription}/assign`, { token: await token(manager), body: { person: (await member('late')).id } })
    expect([blocked.status, await messageOf(blocked)]).toEqual([409, 'This subscription is suspended: its seats cannot be given now.'])

    const paid = await world.stripe.renewSubscription(stripeSubscription, { paid: true })
    const invoicePaid = paid.events.find((e) => e.type === 'invoice.paid')!
    await world.stripe.deliver(invoicePaid, { times: 2 })
    expect(await subscriptionOf(subscription)).toMatchObject({ status: 'active', suspendedAt: null, graceUntil: null })
    expect(await statusesOf(holder)).toEqual(['active', 'active'])
    expect(await chargesOf(subscription)).toEqual([[2200, true], [2200, true]])
    const changes = await world.app.payload.find({ collection: 'domain-events', where: { and: [{ subjectCollection: { equals: 'seat-subscriptions' } }, { subjectId: { equals: String(subscription) } }] }, sort: 'id', overrideAccess: true, depth: 0 })
    expect(changes.docs.map((e) => [(e.payload as { status: string }).status, (e.payload as { suspended: boolean }).suspended])).toEqual([
      ['active', false],
      ['past-due', false],
      ['lapsed', true],
      ['active', false],
    ])
  })

  it('should mark a cancelled subscription and start its grace period', async () => {
    const { subscription, stripeSubscription } = await buySeats(1)
    await world.stripe.cancelSubscription(stripeSubscription)
    const cancelled = await subscriptionOf(subscription)
    expect(cancelled.status).toBe('cancelled')
    expect(cancelled.graceUntil).toBeTruthy()
  })
})
