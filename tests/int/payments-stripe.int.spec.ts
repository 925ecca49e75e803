import { sql } from '@payloadcms/db-postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type Stripe from 'stripe'

import { createLocalReq } from 'payload'

import { type Applied, applyProviderEvents, receiveAndApplyProviderEvents, receiveProviderEvent } from '@/domain/payments/providerEvents'
import { applyStripeEvents } from '@/domain/payments/stripeEvents'
import { recordAudit } from '@/services/audit/recordAudit'
import { postgresAdapter, sqlList } from '@/services/database/adapter'
import { inTransaction, LOCKS, sqlHandle } from '@/services/database/transactions'
import { metrics } from '@/services/metrics/registry'

import { createPerson, createSchool, type School, uniq } from '../helpers/personas'
import { bootWithStripe, checkout, createPaidCourse, orderOf, type PaymentsWorld, sessionOf, STRIPE_WEBHOOK_SECRET } from '../helpers/payments'

let world: PaymentsWorld
let north: School
const id = uniq()

const count = async (collection: 'payments' | 'invoices' | 'enrollments' | 'orders', where: Record<string, unknown>) =>
  (await world.app.payload.count({ collection, where: where as never, overrideAccess: true })).totalDocs

const eventsAbout = async (collection: string, subjectId: number) =>
  (
    await world.app.payload.find({
      collection: 'domain-events',
      where: { and: [{ subjectCollection: { equals: collection } }, { subjectId: { equals: String(subjectId) } }] },
      sort: 'id',
      pagination: false,
      overrideAccess: true,
    })
  ).docs.map((e) => e.type)

const newStudent = (school: School, locale: 'en' | 'ar' | 'so' = 'en') =>
  createPerson(world.app.payload, { email: `buyer-${uniq()}@${school.tenant.slug}.example`, name: locale === 'ar' ? 'فاطمة محمد' : 'Amina Yusuf', preferredLocale: locale, tenants: [{ tenant: school.tenant.id, roles: ['student'] }] })

beforeAll(async () => {
  world = await bootWithStripe()
  north = await createSchool(world.app.payload, `pay-n-${id}`)
  await world.app.payload.create({ collection: 'payment-settings', data: { tenant: north.tenant.id, taxRate: 15, taxLabel: 'VAT', legalName: 'North Academy Ltd', invoicePrefix: `N${id.toUpperCase()}` }, overrideAccess: true })
})

afterAll(() => world?.close())

describe('buying a course with Stripe Checkout', () => {
  it('should take the price from the server, activate the enrollment on the webhook and issue an invoice', async () => {
    const course = await createPaidCourse(world.app, north)
    const buyer = await newStudent(north)
    // Whatever the client says about money is not asked for and not heard.
    const started = await checkout(world.app, buyer, { course: course.id, provider: 'stripe', amount: 1, total: 1, price: { amount: 1 } })
    expect(started.status).toBe(201)
    expect(started.body.order).toMatchObject({ status: 'pending', currency: 'USD', subtotal: 4900, discount: 0, tax: 735, total: 5635 })
    expect(started.body.next?.redirectUrl).toMatch(new RegExp(`^${world.stripe.url}/c/pay/cs_`))

    const created = world.stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions').at(-1)!
    expect(created.idempotencyKey).toBe(`aqoon-checkout-${started.body.order!.reference}`)
    expect(created.params).toMatchObject({ mode: 'payment', line_items: [{ quantity: '1', price_data: { currency: 'usd', unit_amount: '5635' } }], metadata: { order: String(started.body.order!.id) } })

    // Nothing is enrolled before the money arrives, and the course still asks for payment.
    expect(await count('enrollments', { and: [{ user: { equals: buyer.id } }, { course: { equals: course.id } }] })).toBe(0)
    expect((await world.app.api.post(`/api/courses/${course.id}/enroll`, { token: await world.app.api.tokenOf(buyer) })).status).toBe(402)

    const session = await sessionOf(world.app, started.body.order!.id)
    const { answers } = await world.stripe.completeCheckout(session)
    expect(answers.map((a) => a.status)).toEqual([200])

    const order = await orderOf(world.app, started.body.order!.id)
    expect(order).toMatchObject({ status: 'succeeded', holdsPlaceUntil: null })
    const enrollment = await world.app.payload.findByID({ collection: 'enrollments', id: order.enrollment as number, depth: 0, overrideAccess: true })
    expect(enrollment).toMatchObject({ user: buyer.id, course: course.id, status: 'active', source: 'payment' })
    const payments = await world.app.payload.find({ collection: 'payments', where: { order: { equals: order.id } }, overrideAccess: true, depth: 0 })
    expect(payments.docs.map((p) => [p.kind, p.provider, p.amount, p.currency, p.reference.startsWith('pi_')])).toEqual([['charge', 'stripe', 5635, 'USD', true]])
    const invoice = await world.app.payload.findByID({ collection: 'invoices', id: order.invoice as number, depth: 0, overrideAccess: true })
    expect(invoice).toMatchObject({ kind: 'invoice', number: `N${id.toUpperCase()}-${new Date().getUTCFullYear()}-000001`, sequence: 1, total: 5635, tax: 735, currency: 'USD', payment: payments.docs[0]!.id })
    expect(await eventsAbout('orders', order.id)).toEqual(['payment.succeeded'])
    expect(await eventsAbout('enrollments', enrollment.id)).toEqual(['enrollment.activated'])
    expect(await eventsAbout('invoices', invoice.id)).toEqual(['invoice.issued'])
    // The number is taken last, as the payment commits: the event, the invoice and what it says agree.
    const issued = await world.app.payload.find({ collection: 'domain-events', where: { and: [{ type: { equals: 'invoice.issued' } }, { subjectId: { equals: String(invoice.id) } }] }, overrideAccess: true, depth: 0 })
    expect(issued.docs[0]!.payload).toMatchObject({ invoice: invoice.id, number: invoice.number, order: order.id, total: 5635 })
    expect((invoice.face as { number: string }).number).toBe(invoice.number)
    // Written with SQL, audited as any write: each document the payment made or changed, for the school.
    const audit = await world.app.payload.find({ collection: 'audit-logs', where: { or: [{ and: [{ collection: { equals: 'payments' } }, { documentId: { equals: String(payments.docs[0]!.id) } }] }, { and: [{ collection: { equals: 'enrollments' } }, { documentId: { equals: String(enrollment.id) } }] }, { and: [{ collection: { equals: 'invoices' } }, { documentId: { equals: String(invoice.id) } }] }, { and: [{ collection: { equals: 'orders' } }, { documentId: { equals: String(order.id) } }, { action: { equals: 'update' } }] }] }, sort: 'id', pagination: false, overrideAccess: true, depth: 0 })
    // (The buyer's own checkout wrote the order's Stripe session before: by the buyer, not the webhook.)
    const bySystem = audit.docs.filter((e) => e.actorLabel !== buyer.email)
    expect(bySystem.map((e) => [e.collection, e.action, e.actorLabel, e.tenants])).toEqual([
      ['payments', 'create', 'system', [north.tenant.id]],
      ['enrollments', 'create', 'system', [north.tenant.id]],
      ['invoices', 'create', 'system', [north.tenant.id]],
      ['orders', 'update', 'system', [north.tenant.id]],
    ])
    expect(bySystem.at(-1)!.changedFields).toEqual(['enrollment', 'holdsPlaceUntil', 'invoice', 'paidAt', 'status'])
    // The checkout's own entries, by the buyer: the order made (its entry written with the order's insert) and its session.
    const byBuyer = await world.app.payload.find({ collection: 'audit-logs', where: { and: [{ collection: { equals: 'orders' } }, { documentId: { equals: String(order.id) } }, { actorLabel: { equals: buyer.email } }] }, sort: 'id', pagination: false, overrideAccess: true, depth: 0 })
    expect(byBuyer.docs.map((e) => [e.action, e.tenants])).toEqual([
      ['create', [north.tenant.id]],
      ['update', [north.tenant.id]],
    ])
    expect(byBuyer.docs[0]!.changedFields).toEqual(expect.arrayContaining(['buyer', 'course', 'idempotencyKey', 'reference', 'status', 'total']))
    expect(byBuyer.docs[1]!.changedFields).toEqual(['stripe'])
  })

  it('should answer the same order and session to the same Idempotency-Key, and refuse the key for another course', async () => {
    const course = await createPaidCourse(world.app, north)
    const other = await createPaidCourse(world.app, north)
    const buyer = await newStudent(north)
    const key = `buy-${uniq()}-${uniq()}`
    const sessionsBefore = world.stripe.sessions.size
    const first = await checkout(world.app, buyer, { course: course.id, provider: 'stripe' }, { 'Idempotency-Key': key })
    const again = await checkout(world.app, buyer, { course: course.id, provider: 'stripe' }, { 'Idempotency-Key': key })
    expect([first.status, again.status]).toEqual([201, 200])
    expect(again.body.order?.id).toBe(first.body.order?.id)
    expect(again.body.next?.redirectUrl).toBe(first.body.next?.redirectUrl)
    expect(world.stripe.sessions.size).toBe(sessionsBefore + 1)
    const misused = await checkout(world.app, buyer, { course: other.id, provider: 'stripe' }, { 'Idempotency-Key': key })
    expect([misused.status, misused.body.errors?.[0]?.message]).toEqual([409, 'This Idempotency-Key was used for another checkout.'])

    // Sent four times at once (a double tap, retries): one order, one session, the same answer to each.
    const racing = `race-${uniq()}-${uniq()}`
    const sessions = world.stripe.sessions.size
    const raced = await Promise.all(Array.from({ length: 4 }, () => checkout(world.app, buyer, { course: other.id, provider: 'stripe' }, { 'Idempotency-Key': racing })))
    expect(raced.map((r) => r.status).sort()).toEqual([200, 200, 200, 201])
    expect(new Set(raced.map((r) => r.body.order?.id)).size).toBe(1)
    expect(new Set(raced.map((r) => r.body.next?.redirectUrl)).size).toBe(1)
    expect(world.stripe.sessions.size).toBe(sessions + 1)

    // While Stripe is still making the first twin's session, the second meets Stripe's 409 for the
    // key: it is asked to try again, the order stands, and trying again answers the one session.
    const slowCourse = await createPaidCourse(world.app, north)
    const slowKey = `slow-${uniq()}-${uniq()}`
    world.stripe.delayNext(4000)
    const twins = await Promise.all([0, 1].map(() => checkout(world.app, buyer, { course: slowCourse.id, provider: 'stripe' }, { 'Idempotency-Key': slowKey })))
    const made = twins.find((t) => t.status === 201)!
    const told = twins.find((t) => t.status !== 201)!
    expect([made.status, told.status]).toEqual([201, 409])
    expect(told.body.errors?.[0]?.message).toBe('This checkout is being started by another request of yours; try again in a moment.')
    const order = await world.app.payload.findByID({ collection: 'orders', id: made.body.order!.id, overrideAccess: true })
    expect([order.status, order.stripe?.url]).toEqual(['pending', made.body.next?.redirectUrl])
    const later = await checkout(world.app, buyer, { course: slowCourse.id, provider: 'stripe' }, { 'Idempotency-Key': slowKey })
    expect([later.status, later.body.next?.redirectUrl]).toEqual([200, made.body.next?.redirectUrl])
  })

  it('should apply a webhook delivered three times once', async () => {
    const course = await createPaidCourse(world.app, north)
    const buyer = await newStudent(north)
    const started = await checkout(world.app, buyer, { course: course.id, provider: 'stripe' })
    const session = await sessionOf(world.app, started.body.order!.id)
    const { events } = await world.stripe.completeCheckout(session)
    const completed = events.find((e) => e.type === 'checkout.session.completed')!
    const replays = await world.stripe.deliver(completed, { times: 3 })
    expect(replays.map((r) => [r.status, (JSON.parse(r.body) as { duplicate: boolean }).duplicate])).toEqual([
      [200, true],
      [200, true],
      [200, true],
    ])
    const orderId = started.body.order!.id
    expect(await count('payments', { order: { equals: orderId } })).toBe(1)
    expect(await count('invoices', { order: { equals: orderId } })).toBe(1)
    expect(await eventsAbout('orders', orderId)).toEqual(['payment.succeeded'])
    const rows = await postgresAdapter(world.app.payload).drizzle.execute(sql`select status, attempts::int as attempts from provider_events where event_id = ${completed.id}`)
    expect(rows.rows).toEqual([{ status: 'applied', attempts: 1 }])
  })

  it('should record and answer an event whose text holds a NUL character, which jsonb refuses', async () => {
    // Signed by Stripe, with a NUL in a customer's name and, as text, the escape that spells one.
    const odd = world.stripe.makeEvent('customer.updated', { id: `cus_${uniq()}`, object: 'customer', name: 'Nul \u0000 here', description: 'a literal \\u0000' })
    const [answer] = await world.stripe.deliver(odd)
    expect([answer!.status, (JSON.parse(answer!.body) as { status: string }).status]).toEqual([200, 'ignored'])
    const rows = await postgresAdapter(world.app.payload).drizzle.execute(sql`select payload->'data'->'object' as customer from provider_events where event_id = ${odd.id}`)
    expect(rows.rows).toEqual([{ customer: expect.objectContaining({ name: 'Nul \ufffd here', description: 'a literal \\u0000' }) }])
  })

  it('should apply events that arrive together in one transaction, each once, and answer every delivery once its event is applied', async () => {
    const course = await createPaidCourse(world.app, north)
    const orders: number[] = []
    for (let n = 0; n < 12; n++) {
      const started = await checkout(world.app, await newStudent(north), { course: course.id, provider: 'stripe' })
      orders.push(started.body.order!.id)
    }
    const sessions = await Promise.all(orders.map((order) => sessionOf(world.app, order)))
    const completed = await Promise.all(sessions.map((session) => world.stripe.completeCheckout(session, { deliver: false })))
    const events = completed.map((c) => c.events.find((e) => e.type === 'checkout.session.completed')!)
    const batches = async () => {
      const { values } = await metrics().providerEventBatches.get()
      const of = (name: string) => values.find((v) => v.metricName === `aqoon_provider_event_batch_size_${name}`)?.value ?? 0
      return { count: of('count'), sum: of('sum') }
    }
    const before = await batches()
    // Every event twice, all at once: the copies race each other and the other events.
    const answers = (await Promise.all([...events, ...events].map((event) => world.stripe.deliver(event)))).flat()
    expect(answers.map((a) => a.status)).toEqual(Array(24).fill(200))
    // Each is answered once its event is applied, or while its twin is applying it.
    for (const answer of answers) {
      expect(['applied', 'applying']).toContain((JSON.parse(answer.body) as { status: string }).status)
    }
    const after = await batches()
    // Some transaction applied more than one event (one each would make count and sum grow alike), and each was applied once.
    expect(after.count - before.count).toBeLessThan(after.sum - before.sum)
    expect(after.sum - before.sum).toBe(12)
    for (const order of orders) {
      expect(await orderOf(world.app, order)).toMatchObject({ status: 'succeeded' })
      expect(await count('payments', { order: { equals: order } })).toBe(1)
      expect(await count('invoices', { order: { equals: order } })).toBe(1)
      expect(await eventsAbout('orders', order)).toEqual(['payment.succeeded'])
    }
    const invoices = await world.app.payload.find({ collection: 'invoices', where: { order: { in: orders } }, pagination: false, sort: 'sequence', overrideAccess: true, depth: 0 })
    const sequences = invoices.docs.map((i) => i.sequence)
    expect(sequences).toEqual(Array.from({ length: 12 }, (_, n) => sequences[0]! + n))
    const rows = await postgresAdapter(world.app.payload).drizzle.execute(sql`select status, attempts::int as attempts from provider_events where event_id = any(${sqlList(events.map((e) => e.id))}::text[])`)
    expect(rows.rows).toEqual(Array(12).fill({ status: 'applied', attempts: 1 }))
  })

  it('should leave only the event at fault to be tried again when a batch fails, with nothing of the batch written', async () => {
    const req = await createLocalReq({}, world.app.payload)
    const tag = `batch-${uniq()}`
    const ids: number[] = []
    for (let n = 0; n < 3; n++) {
      ids.push((await receiveProviderEvent({ app: world.app.payload, provider: 'stripe', eventId: `evt_${tag}_${n}`, type: 'test.batch', event: {} })).id)
    }
    const results = await applyProviderEvents({
      req,
      ids,
      apply: async (indexes) => {
        for (const index of indexes) {
          // What applying an event writes, in the batch's transaction.
          await recordAudit({ req, action: 'update', collection: 'orders', documentId: `${tag}-${index}`, tenants: [north.tenant.id] })
          if (index === 1) {
            throw new Error('This event cannot be applied.')
          }
        }
        return indexes.map((index) => ({ status: 'applied', outcome: `applied ${index}` }))
      },
    })
    expect(results).toEqual([
      { status: 'applied', outcome: 'applied 0' },
      { status: 'failed', outcome: 'This event cannot be applied.' },
      { status: 'applied', outcome: 'applied 2' },
    ])
    const rows = await postgresAdapter(world.app.payload).drizzle.execute(sql`select status, attempts::int as attempts from provider_events where id = any(${sqlList(ids)}::int[]) order by id`)
    expect(rows.rows).toEqual([
      { status: 'applied', attempts: 1 },
      { status: 'failed', attempts: 1 },
      { status: 'applied', attempts: 1 },
    ])
    const written = await world.app.payload.find({ collection: 'audit-logs', where: { documentId: { like: tag } }, pagination: false, sort: 'id', overrideAccess: true, depth: 0 })
    expect(written.docs.map((e) => e.documentId)).toEqual([`${tag}-0`, `${tag}-2`])
  })

  it('should record delivered events with what applying them did, leave only the one at fault recorded as failed, and apply it when it comes again', async () => {
    const req = await createLocalReq({}, world.app.payload)
    const tag = `delivered-${uniq()}`
    const delivered = [0, 1, 2].map((n) => ({ provider: 'stripe' as const, eventId: `evt_${tag}_${n}`, type: 'test.batch', event: { n } }))
    const db = postgresAdapter(world.app.payload).drizzle
    const rowsOf = async () => (await db.execute(sql`select event_id, status, attempts::int as attempts, outcome from provider_events where event_id like ${`evt_${tag}_%`} order by event_id`)).rows
    const lockId = 2_000_000_000 - Number(tag.replace(/\D/g, '').slice(-6))
    let failing = true
    const applied: number[] = []
    const lockedWhileApplying: boolean[] = []
    const apply = async (indexes: number[]): Promise<Applied[]> => {
      // Whether the batch's locks are held: another connection cannot take them then.
      const other = await db.execute(sql`select pg_try_advisory_xact_lock(${LOCKS.order}::int, ${lockId}::int) as got`)
      lockedWhileApplying.push(!(other.rows[0] as { got: boolean }).got)
      for (const index of indexes) {
        await recordAudit({ req, action: 'update', collection: 'orders', documentId: `${tag}-${index}`, tenants: [north.tenant.id] })
        if (index === 1 && failing) {
          throw new Error('This event cannot be applied.')
        }
        applied.push(index)
      }
      return indexes.map((index) => ({ status: 'applied', outcome: `applied ${index}` }))
    }
    const first = await receiveAndApplyProviderEvents({ req, delivered, locks: { namespace: LOCKS.order, ids: [lockId] }, apply })
    // Taken with the batch's record; those handled alone afterwards lock what they settle themselves.
    expect(lockedWhileApplying).toEqual([true, false, false, false])
    expect(first).toEqual([
      { status: 'applied', outcome: 'applied 0', duplicate: false },
      { status: 'failed', outcome: 'This event cannot be applied.', duplicate: false },
      { status: 'applied', outcome: 'applied 2', duplicate: false },
    ])
    expect(await rowsOf()).toEqual([
      { event_id: `evt_${tag}_0`, status: 'applied', attempts: 1, outcome: 'applied 0' },
      { event_id: `evt_${tag}_1`, status: 'failed', attempts: 1, outcome: 'This event cannot be applied.' },
      { event_id: `evt_${tag}_2`, status: 'applied', attempts: 1, outcome: 'applied 2' },
    ])
    // Nothing of the batch that failed was kept: each entry once, from the events applied alone.
    const written = await world.app.payload.find({ collection: 'audit-logs', where: { documentId: { like: tag } }, pagination: false, sort: 'id', overrideAccess: true, depth: 0 })
    expect(written.docs.map((e) => e.documentId)).toEqual([`${tag}-0`, `${tag}-2`])
    // All three again: those applied answer as they stand, the failed one is applied now.
    failing = false
    applied.length = 0
    const again = await receiveAndApplyProviderEvents({ req, delivered, locks: { namespace: LOCKS.order, ids: [lockId] }, apply })
    expect(applied).toEqual([1])
    expect(again).toEqual([
      { status: 'applied', outcome: 'applied 0', duplicate: true },
      { status: 'applied', outcome: 'applied 1', duplicate: true },
      { status: 'applied', outcome: 'applied 2', duplicate: true },
    ])
    expect((await rowsOf()).map((r) => [r.status, r.attempts])).toEqual([
      ['applied', 1],
      ['applied', 2],
      ['applied', 1],
    ])
    expect(lockedWhileApplying.slice(4)).toEqual([true])
  })

  it('should not take an event for applied when its transaction fails at COMMIT: it is recorded as failed for the retry job', async () => {
    const db = postgresAdapter(world.app.payload).drizzle
    // A deferred constraint fails at COMMIT, as a cut connection or a failover would.
    await db.execute(sql`create table if not exists test_commit_probe (id int, constraint test_commit_probe_once unique (id) deferrable initially deferred)`)
    try {
      const req = await createLocalReq({}, world.app.payload)
      const tag = `commit-${uniq()}`
      await expect(
        inTransaction(req, async () => {
          await recordAudit({ req, action: 'update', collection: 'orders', documentId: tag, tenants: [north.tenant.id] })
          await (await sqlHandle(req)).execute(sql`insert into test_commit_probe values (1), (1)`)
        }),
      ).rejects.toThrow()
      expect(req.transactionID).toBeUndefined()
      expect((await world.app.payload.find({ collection: 'audit-logs', where: { documentId: { equals: tag } }, overrideAccess: true, depth: 0 })).totalDocs).toBe(0)

      const delivered = [0, 1].map((n) => ({ provider: 'stripe' as const, eventId: `evt_${tag}_${n}`, type: 'test.commit', event: { n } }))
      const results = await receiveAndApplyProviderEvents({
        req,
        delivered,
        apply: async (indexes) => {
          for (const index of indexes) {
            await (await sqlHandle(req)).execute(index === 1 ? sql`insert into test_commit_probe values (2), (2)` : sql`select 1`)
          }
          return indexes.map((index) => ({ status: 'applied', outcome: `applied ${index}` }))
        },
      })
      expect(results.map((r) => r.status)).toEqual(['applied', 'failed'])
      const rows = await db.execute(sql`select event_id, status from provider_events where event_id like ${`evt_${tag}_%`} order by event_id`)
      expect(rows.rows).toEqual([
        { event_id: `evt_${tag}_0`, status: 'applied' },
        { event_id: `evt_${tag}_1`, status: 'failed' },
      ])
      expect((await db.execute(sql`select count(*)::int as n from test_commit_probe`)).rows).toEqual([{ n: 0 }])
    } finally {
      await db.execute(sql`drop table test_commit_probe`)
    }
  })

  it('should apply the events of one batch in the order they came: a refund right after its payment is not lost', async () => {
    const course = await createPaidCourse(world.app, north)
    const started = await checkout(world.app, await newStudent(north), { course: course.id, provider: 'stripe' })
    const orderId = started.body.order!.id
    const sessionId = await sessionOf(world.app, orderId)
    const { events } = await world.stripe.completeCheckout(sessionId, { deliver: false })
    const completed = events.find((e) => e.type === 'checkout.session.completed')!
    const intent = world.stripe.sessions.get(sessionId)!.payment_intent as string
    // A refund made in Stripe's dashboard at once, reported in the same catch-up as the payment.
    const refund = world.stripe.makeEvent('refund.created', { id: `re_${uniq()}`, object: 'refund', amount: 1000, currency: 'usd', payment_intent: intent, status: 'succeeded', reason: null })
    const batch = [completed, refund] as unknown as Stripe.Event[]
    const ids: number[] = []
    for (const event of batch) {
      ids.push((await receiveProviderEvent({ app: world.app.payload, provider: 'stripe', eventId: event.id, type: event.type, event })).id)
    }
    const req = await createLocalReq({}, world.app.payload)
    const results = await applyProviderEvents({ req, ids, apply: (indexes) => applyStripeEvents(req, indexes.map((i) => batch[i]!)) })
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied'])
    expect(await orderOf(world.app, orderId)).toMatchObject({ status: 'partially-refunded', refunded: 1000 })
    const refunds = await world.app.payload.find({ collection: 'payments', where: { and: [{ order: { equals: orderId } }, { kind: { equals: 'refund' } }] }, overrideAccess: true, depth: 0 })
    expect(refunds.docs.map((r) => r.amount)).toEqual([1000])
  })

  it("should not fail an order for an expired session that is not the order's own, whatever its metadata says", async () => {
    const course = await createPaidCourse(world.app, north)
    const started = await checkout(world.app, await newStudent(north), { course: course.id, provider: 'stripe' })
    const session = world.stripe.sessions.get(await sessionOf(world.app, started.body.order!.id))!
    // Another session (made in some other account) carrying this order's id and reference.
    const [answer] = await world.stripe.deliver(world.stripe.makeEvent('checkout.session.expired', { ...session, id: `cs_other_${uniq()}`, status: 'expired' }))
    expect(answer!.status).toBe(200)
    expect(JSON.parse(answer!.body)).toMatchObject({ status: 'ignored' })
    expect(await orderOf(world.app, started.body.order!.id)).toMatchObject({ status: 'pending' })
  })

  it('should change nothing for a forged, tampered, unsigned or stale webhook', async () => {
    const course = await createPaidCourse(world.app, north)
    const buyer = await newStudent(north)
    const started = await checkout(world.app, buyer, { course: course.id, provider: 'stripe' })
    const session = world.stripe.sessions.get(await sessionOf(world.app, started.body.order!.id))!
    const forgedEvent = world.stripe.makeEvent('checkout.session.completed', { ...session, status: 'complete', payment_status: 'paid', payment_intent: `pi_forged_${uniq()}` })
    const signedBody = JSON.stringify(forgedEvent)
    const attempts = [
      await world.stripe.deliver(forgedEvent, { secret: 'whsec_not_the_real_one' }),
      await world.stripe.deliver(forgedEvent, { body: signedBody.replace('"paid"', '"paid" ') }),
      await world.stripe.deliver(forgedEvent, { signature: '' }),
      await world.stripe.deliver(forgedEvent, { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
    ]
    for (const [answer] of attempts) {
      expect(answer!.status).toBe(400)
    }
    expect(JSON.parse(attempts[2]![0]!.body)).toMatchObject({ errors: [{ message: 'The Stripe-Signature header is missing.' }] })
    expect(JSON.parse(attempts[0]![0]!.body)).toMatchObject({ errors: [{ message: 'The Stripe signature does not match this body (or it is too old).' }] })
    expect(await orderOf(world.app, started.body.order!.id)).toMatchObject({ status: 'pending' })
    expect(await count('payments', { order: { equals: started.body.order!.id } })).toBe(0)
    const recorded = await postgresAdapter(world.app.payload).drizzle.execute(sql`select count(*)::int as n from provider_events where event_id = ${forgedEvent.id}`)
    expect(recorded.rows).toEqual([{ n: 0 }])
    // Signed with the real secret, the same event is heard: the refusals were the signature's.
    expect(STRIPE_WEBHOOK_SECRET).toBeTruthy()
  })

  it('should keep a paid order paid when a failure or expiry arrives late, and take money that arrives after an expiry', async () => {
    const course = await createPaidCourse(world.app, north)
    const buyer = await newStudent(north)
    const started = await checkout(world.app, buyer, { course: course.id, provider: 'stripe' })
    const sessionId = await sessionOf(world.app, started.body.order!.id)
    await world.stripe.completeCheckout(sessionId)
    const session = world.stripe.sessions.get(sessionId)!
    for (const type of ['checkout.session.async_payment_failed', 'checkout.session.expired', 'payment_intent.payment_failed'] as const) {
      const [answer] = await world.stripe.deliver(world.stripe.makeEvent(type, type === 'payment_intent.payment_failed' ? { id: session.payment_intent, object: 'payment_intent', metadata: session.metadata } : session))
      expect(answer!.status).toBe(200)
    }
    expect(await orderOf(world.app, started.body.order!.id)).toMatchObject({ status: 'succeeded' })
    expect(await count('enrollments', { and: [{ user: { equals: buyer.id } }, { course: { equals: course.id } }, { status: { equals: 'active' } }] })).toBe(1)

    // The other order: expired first, then the payment's success arrives (Stripe retried it late).
    const late = await newStudent(north)
    const second = await checkout(world.app, late, { course: course.id, provider: 'stripe' })
    const secondSession = await sessionOf(world.app, second.body.order!.id)
    const paid = await world.stripe.completeCheckout(secondSession, { deliver: false })
    await world.stripe.deliver(world.stripe.makeEvent('checkout.session.expired', { ...world.stripe.sessions.get(secondSession)!, status: 'expired' }))
    expect(await orderOf(world.app, second.body.order!.id)).toMatchObject({ status: 'failed', failureReason: 'The checkout expired.' })
    await world.stripe.deliver(paid.events.find((e) => e.type === 'checkout.session.completed')!)
    expect(await orderOf(world.app, second.body.order!.id)).toMatchObject({ status: 'succeeded' })
    expect(await count('enrollments', { and: [{ user: { equals: late.id } }, { course: { equals: course.id } }, { status: { equals: 'active' } }] })).toBe(1)
  })

  it('should refund through Stripe once though Stripe reports it too, take in a refund made in Stripe, and issue credit notes', async () => {
    const course = await createPaidCourse(world.app, north)
    const buyer = await newStudent(north)
    const started = await checkout(world.app, buyer, { course: course.id, provider: 'stripe' })
    await world.stripe.completeCheckout(await sessionOf(world.app, started.body.order!.id))
    const orderId = started.body.order!.id
    const adminToken = await world.app.api.tokenOf(north.admin)
    const part = await world.app.api.post(`/api/orders/${orderId}/refund`, { token: adminToken, body: { amount: 1000, reason: 'Started late' } })
    expect(part.status).toBe(200)
    const refundCall = world.stripe.requests.filter((r) => r.method === 'POST' && r.path === '/v1/refunds').at(-1)!
    expect(refundCall.params).toMatchObject({ amount: '1000' })
    expect(refundCall.idempotencyKey).toMatch(/^aqoon-refund-AQ-/)
    await world.stripe.settled()
    const charge = (await world.app.payload.find({ collection: 'payments', where: { and: [{ order: { equals: orderId } }, { kind: { equals: 'charge' } }] }, overrideAccess: true, depth: 0 })).docs[0]!

    // A refund made in Stripe's dashboard reaches us by webhook alone.
    const { default: Stripe } = await import('stripe')
    const direct = new Stripe(world.stripe.secretKey, { host: world.stripe.host, port: world.stripe.port, protocol: 'http' })
    await direct.refunds.create({ payment_intent: charge.reference, amount: 500 })
    await world.stripe.settled()

    const refunds = await world.app.payload.find({ collection: 'payments', where: { and: [{ order: { equals: orderId } }, { kind: { equals: 'refund' } }] }, sort: 'id', overrideAccess: true, depth: 0 })
    expect(refunds.docs.map((r) => r.amount)).toEqual([1000, 500])
    expect(await orderOf(world.app, orderId)).toMatchObject({ status: 'partially-refunded', refunded: 1500 })
    const notes = await world.app.payload.find({ collection: 'invoices', where: { and: [{ order: { equals: orderId } }, { kind: { equals: 'credit-note' } }] }, sort: 'sequence', overrideAccess: true, depth: 0 })
    expect(notes.docs.map((n) => n.total)).toEqual([1000, 500])
    expect(notes.docs[0]!.number).toMatch(new RegExp(`^N${id.toUpperCase()}-CN-\\d{4}-\\d{6}$`))

    // The rest, keeping the student in the course as staff decided.
    const rest = await world.app.api.post(`/api/orders/${orderId}/refund`, { token: adminToken, body: { keepEnrollment: true } })
    expect(rest.status).toBe(200)
    await world.stripe.settled()
    const order = await orderOf(world.app, orderId)
    expect(order).toMatchObject({ status: 'refunded', refunded: 5635 })
    expect((await world.app.payload.findByID({ collection: 'enrollments', id: order.enrollment as number, overrideAccess: true })).status).toBe('active')
    expect(await eventsAbout('orders', orderId)).toEqual(['payment.succeeded', 'payment.refunded', 'payment.refunded', 'payment.refunded'])
  })
})
