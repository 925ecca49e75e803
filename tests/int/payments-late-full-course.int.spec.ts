import { sql } from '@payloadcms/db-postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { postgresAdapter } from '@/services/database/adapter'

import { createPerson, createSchool, type School, uniq } from '../helpers/personas'
import { bootWithStripe, checkout, createPaidCourse, orderOf, type PaymentsWorld, sessionOf } from '../helpers/payments'

// Money for a capped course that filled up after the buyer's hold expired. The enrollment rules
// would refuse the enrollment inside Payload's create, and a failed Payload write rolls the whole
// transaction back (the payment with it): the settlement asks first, records the money and
// flags the order, and nothing changes when the event is tried again.

let world: PaymentsWorld
let school: School
const id = uniq()

const db = () => postgresAdapter(world.app.payload).drizzle

beforeAll(async () => {
  world = await bootWithStripe()
  school = await createSchool(world.app.payload, `rvw-${id}`)
  await world.app.payload.create({ collection: 'payment-settings', data: { tenant: school.tenant.id, invoicePrefix: `R${id.toUpperCase()}` }, overrideAccess: true })
})

afterAll(() => world?.close())

describe('a payment for a course that filled up meanwhile', () => {
  it('should record the money once, flag the order for staff, and count the coupon once', async () => {
    const course = await createPaidCourse(world.app, school, { capacity: 1 })
    const coupon = await world.app.payload.create({ collection: 'coupons', data: { tenant: school.tenant.id, code: `RV${id.toUpperCase()}`, kind: 'percent', percentOff: 10, maxRedemptions: 50 }, overrideAccess: true })
    const buyer = await createPerson(world.app.payload, { email: `late-${uniq()}@${school.tenant.slug}.example`, tenants: [{ tenant: school.tenant.id, roles: ['student'] }] })
    const started = await checkout(world.app, buyer, { course: course.id, provider: 'stripe', coupon: coupon.code })
    expect(started.status).toBe(201)
    const orderId = started.body.order!.id
    // The buyer's hold runs out while they are at Stripe, and someone else takes the last place.
    await db().execute(sql`update orders set holds_place_until = now() - interval '1 hour' where id = ${orderId}`)
    await world.app.payload.create({ collection: 'enrollments', data: { user: school.student.id, course: course.id, status: 'active', source: 'staff' }, overrideAccess: true })

    const { answers, events } = await world.stripe.completeCheckout(await sessionOf(world.app, orderId))
    const completed = events.find((e) => e.type === 'checkout.session.completed')!
    const state = async () => ({
      answers: answers.map((a) => [a.status, JSON.parse(String(a.body)) as unknown]),
      order: await orderOf(world.app, orderId).then((o) => ({ status: o.status, attention: o.attention, invoice: o.invoice })),
      payments: (await db().execute(sql`select id, kind, amount::int as amount from payments where order_id = ${orderId}`)).rows,
      invoices: (await db().execute(sql`select id, number, sequence::int as sequence, payment_id from invoices where order_id = ${orderId}`)).rows,
      event: (await db().execute(sql`select status, outcome, attempts::int as attempts from provider_events where event_id = ${completed.id}`)).rows,
      redemptions: (await world.app.payload.findByID({ collection: 'coupons', id: coupon.id, overrideAccess: true })).redemptions,
      counter: (await db().execute(sql`select last_number from invoice_counters where tenant_id = ${school.tenant.id} and kind = 'invoice'`)).rows,
    })
    const first = await state()

    // The payments job tries the event again (it is older than a minute by then).
    const { createLocalReq } = await import('payload')
    const { retryProviderEvents } = await import('@/domain/payments/retryProviderEvents')
    for (let n = 0; n < 2; n++) {
      await db().execute(sql`update provider_events set received_at = now() - interval '2 minutes' where event_id = ${completed.id}`)
      await retryProviderEvents(await createLocalReq({}, world.app.payload))
    }
    const again = await state()

    expect(first.answers).toEqual([[200, { received: true, duplicate: false, status: 'applied' }]])
    expect(first.payments).toHaveLength(1)
    expect(first.order.status).toBe('succeeded')
    expect(first.order.attention).toMatch(/^Paid, but not enrolled/)
    expect(first.invoices).toHaveLength(1)
    expect(first.redemptions).toBe(1)
    expect(first.event).toMatchObject([{ status: 'applied', attempts: 1 }])
    expect(first.invoices).toMatchObject([{ sequence: 1 }])
    expect(first.counter).toEqual([{ last_number: 1 }])
    // Nobody was enrolled past the capacity.
    expect((await world.app.payload.count({ collection: 'enrollments', where: { course: { equals: course.id } }, overrideAccess: true })).totalDocs).toBe(1)
    expect(again).toEqual(first)
  })
})
