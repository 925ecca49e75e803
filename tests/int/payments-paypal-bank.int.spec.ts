import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type PayPalStandIn, payPalTestAccount, startPayPalStandIn } from '../stand-ins/paypal'
import { PDF_MINIMAL } from '../fixtures/files'
import { type Clamd, startClamd } from '../helpers/clamd'
import { createPerson, createSchool, type Persona, type School, uniq } from '../helpers/personas'
import { bootWithStripe, checkout, createPaidCourse, orderOf, type PaymentsWorld, sessionOf } from '../helpers/payments'

let world: PaymentsWorld
let paypal: PayPalStandIn
let school: School
let other: School
let webhookId: string
let clamd: Clamd
const id = uniq()
const account = payPalTestAccount()

const newStudent = (): Promise<Persona> => createPerson(world.app.payload, { email: `buyer-${uniq()}@${school.tenant.slug}.example`, tenants: [{ tenant: school.tenant.id, roles: ['student'] }] })
const token = (person: Persona) => world.app.api.tokenOf(person)
const messageOf = async (response: Response) => ((await response.json()) as { errors?: { message: string }[] }).errors?.[0]?.message
const paymentsOf = async (order: number) =>
  (await world.app.payload.find({ collection: 'payments', where: { order: { equals: order } }, sort: 'id', overrideAccess: true, depth: 0 })).docs.map((p) => [p.kind, p.provider, p.amount])
const paypalUrl = () => `${world.webhookOrigin}/api/webhooks/paypal/${school.tenant.slug}`

beforeAll(async () => {
  paypal = await startPayPalStandIn({ accounts: [account] })
  clamd = await startClamd()
  world = await bootWithStripe({ PAYPAL_API_BASE: paypal.baseUrl, CLAMD_PORT: String(clamd.port) })
  school = await createSchool(world.app.payload, `paypb-${id}`)
  other = await createSchool(world.app.payload, `paypb-o-${id}`)
  webhookId = paypal.registerWebhook(account.clientId, paypalUrl())
  await world.app.payload.create({
    collection: 'payment-settings',
    data: { tenant: school.tenant.id, paypalEnabled: true, paypalClientId: account.clientId, paypalClientSecret: account.clientSecret, paypalWebhookId: webhookId, bankEnabled: true, bankDetails: 'Hiiraan Learning, Salaam Bank, IBAN SO21 1000 0010 0123 4567 89' },
    overrideAccess: true,
  })
})

afterAll(async () => {
  await world?.close()
  await paypal?.close()
  await clamd?.stop()
})

/** A PayPal checkout up to the approval page; returns the order and PayPal's order id. */
const startPayPal = async (buyer: Persona, course: number) => {
  const started = await checkout(world.app, buyer, { course, provider: 'paypal' })
  expect(started.status).toBe(201)
  const order = await orderOf(world.app, started.body.order!.id)
  return { order, paypalOrder: order.paypal!.order! }
}

describe('PayPal', () => {
  it('should take the money when the buyer comes back from PayPal, once however often they reload', async () => {
    const course = await createPaidCourse(world.app, school)
    const buyer = await newStudent()
    const { order, paypalOrder } = await startPayPal(buyer, course.id)
    const created = paypal.requests.find((r) => r.method === 'POST' && r.path === '/v2/checkout/orders' && r.requestId === `aqoon-checkout-${order.reference}`)
    expect(created).toBeDefined()
    expect(paypal.order(paypalOrder)).toMatchObject({ purchase_units: [{ custom_id: order.reference, amount: { currency_code: 'USD', value: '49.00' } }] })

    const back = paypal.approve(paypalOrder)!
    const url = new URL(back)
    for (let visit = 0; visit < 2; visit += 1) {
      const answer = await world.app.api.get(`${url.pathname}${url.search}`)
      expect(answer.status, await answer.clone().text()).toBe(303)
      expect(answer.headers.get('location')).toBe(`http://aqoon.test:3000/learn/orders/${order.reference}`)
    }
    const paid = await orderOf(world.app, order.id)
    expect(paid).toMatchObject({ status: 'succeeded' })
    expect(await paymentsOf(order.id)).toEqual([['charge', 'paypal', 4900]])
    expect(paypal.requests.filter((r) => r.path === `/v2/checkout/orders/${paypalOrder}/capture`).map((r) => r.requestId)).toEqual([`aqoon-capture-${order.reference}`])
    const enrollment = await world.app.payload.findByID({ collection: 'enrollments', id: paid.enrollment as number, overrideAccess: true, depth: 0 })
    expect(enrollment).toMatchObject({ status: 'active', source: 'payment' })

    // PayPal's own report of the capture, three times: already recorded.
    const capture = (paypal.order(paypalOrder) as { purchase_units: { payments: { captures: { id: string }[] } }[] }).purchase_units[0]!.payments.captures[0]!
    const sent = await paypal.sendWebhook(paypalUrl(), 'PAYMENT.CAPTURE.COMPLETED', paypal.capture(capture.id), { webhookId, times: 3 })
    expect(sent.deliveries.map((d) => d.status)).toEqual([200, 200, 200])
    expect(await paymentsOf(order.id)).toEqual([['charge', 'paypal', 4900]])
  })

  it('should capture on PayPal\'s approval event when the buyer never comes back, and refuse forged events', async () => {
    const course = await createPaidCourse(world.app, school)
    const buyer = await newStudent()
    const { order, paypalOrder } = await startPayPal(buyer, course.id)
    paypal.approve(paypalOrder)
    const forged = await paypal.sendWebhook(paypalUrl(), 'CHECKOUT.ORDER.APPROVED', paypal.order(paypalOrder), { webhookId, forge: true })
    expect(forged.deliveries.map((d) => d.status)).toEqual([400])
    expect(await orderOf(world.app, order.id)).toMatchObject({ status: 'pending' })
    const wrongSchool = await paypal.sendWebhook(`${world.webhookOrigin}/api/webhooks/paypal/${other.tenant.slug}`, 'CHECKOUT.ORDER.APPROVED', paypal.order(paypalOrder), { webhookId })
    expect(wrongSchool.deliveries.map((d) => d.status)).toEqual([400])

    const sent = await paypal.sendWebhook(paypalUrl(), 'CHECKOUT.ORDER.APPROVED', paypal.order(paypalOrder), { webhookId })
    expect(sent.deliveries.map((d) => d.status)).toEqual([200])
    expect(await orderOf(world.app, order.id)).toMatchObject({ status: 'succeeded' })
    expect(await paymentsOf(order.id)).toEqual([['charge', 'paypal', 4900]])
  })

  it('should refund in part and then in full through PayPal, with a credit note each, ending the enrollment at the end', async () => {
    const course = await createPaidCourse(world.app, school)
    const buyer = await newStudent()
    const { order, paypalOrder } = await startPayPal(buyer, course.id)
    paypal.approve(paypalOrder)
    expect((await world.app.api.post(`/api/orders/${order.id}/capture`, { token: await token(buyer) })).status).toBe(200)

    const byStudent = await world.app.api.post(`/api/orders/${order.id}/refund`, { token: await token(buyer), body: { amount: 100 } })
    expect([byStudent.status, await messageOf(byStudent)]).toEqual([403, "Only the school's admins can refund payments."])
    const byOutsider = await world.app.api.post(`/api/orders/${order.id}/refund`, { token: await token(other.admin), body: { amount: 100 } })
    expect(byOutsider.status).toBe(404)
    const tooMuch = await world.app.api.post(`/api/orders/${order.id}/refund`, { token: await token(school.admin), body: { amount: 4901 } })
    expect([tooMuch.status, await messageOf(tooMuch)]).toEqual([400, 'The refund must be a whole amount in the smallest unit, from 1 to 4900.'])

    const part = await world.app.api.post(`/api/orders/${order.id}/refund`, { token: await token(school.admin), body: { amount: 1000, reason: 'Missed the first week' } })
    expect(part.status).toBe(200)
    expect(await orderOf(world.app, order.id)).toMatchObject({ status: 'partially-refunded', refunded: 1000 })
    const rest = await world.app.api.post(`/api/orders/${order.id}/refund`, { token: await token(school.admin), body: {} })
    expect(rest.status).toBe(200)
    const refunded = await orderOf(world.app, order.id)
    expect(refunded).toMatchObject({ status: 'refunded', refunded: 4900 })
    expect(await paymentsOf(order.id)).toEqual([['charge', 'paypal', 4900], ['refund', 'paypal', 1000], ['refund', 'paypal', 3900]])
    const again = await world.app.api.post(`/api/orders/${order.id}/refund`, { token: await token(school.admin), body: {} })
    expect([again.status, await messageOf(again)]).toEqual([409, 'This order has been refunded in full already.'])

    const notes = await world.app.payload.find({ collection: 'invoices', where: { and: [{ order: { equals: order.id } }, { kind: { equals: 'credit-note' } }] }, sort: 'sequence', overrideAccess: true, depth: 0 })
    expect(notes.docs.map((n) => [n.total, n.credits])).toEqual([[1000, refunded.invoice], [3900, refunded.invoice]])
    expect(notes.docs[1]!.sequence).toBe(notes.docs[0]!.sequence + 1)
    const enrollment = await world.app.payload.findByID({ collection: 'enrollments', id: refunded.enrollment as number, overrideAccess: true, depth: 0 })
    expect(enrollment.status).toBe('cancelled')
  })
})

describe('bank transfer', () => {
  const proofForm = () => {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(PDF_MINIMAL)], { type: 'application/pdf' }), 'transfer.pdf')
    return form
  }

  it('should give the buyer instructions with a unique reference, take their proof, and enroll them when an admin approves', async () => {
    const course = await createPaidCourse(world.app, school)
    const buyer = await newStudent()
    const started = await checkout(world.app, buyer, { course: course.id, provider: 'bank' })
    expect(started.status).toBe(201)
    const reference = started.body.order!.reference
    expect(started.body.next?.instructions).toContain('IBAN SO21 1000 0010 0123 4567 89')
    expect(started.body.next?.instructions).toContain(reference)

    const notBuyer = await world.app.api.post(`/api/orders/${started.body.order!.id}/proof`, { token: await token(school.otherStudent), form: proofForm() })
    expect(notBuyer.status).toBe(404)
    const proof = await world.app.api.post(`/api/orders/${started.body.order!.id}/proof`, { token: await token(buyer), form: proofForm() })
    expect(proof.status, await proof.clone().text()).toBe(200)
    const waiting = await orderOf(world.app, started.body.order!.id)
    expect(waiting.status).toBe('awaiting-approval')
    expect(waiting.proof).toBeTruthy()

    expect((await world.app.api.post(`/api/orders/${waiting.id}/approve`, { token: await token(buyer) })).status).toBe(403)
    expect((await world.app.api.post(`/api/orders/${waiting.id}/approve`, { token: await token(school.instructor) })).status).toBe(404)
    const approved = await world.app.api.post(`/api/orders/${waiting.id}/approve`, { token: await token(school.admin) })
    expect(approved.status).toBe(200)
    const paid = await orderOf(world.app, waiting.id)
    expect(paid).toMatchObject({ status: 'succeeded' })
    expect(await paymentsOf(paid.id)).toEqual([['charge', 'bank', 4900]])
    expect(paid.invoice).toBeTruthy()
    const twice = await world.app.api.post(`/api/orders/${waiting.id}/approve`, { token: await token(school.admin) })
    expect([twice.status, await messageOf(twice)]).toEqual([409, 'This order is succeeded: there is nothing to approve.'])
  })

  it('should fail a rejected transfer with the reason and free its place', async () => {
    const course = await createPaidCourse(world.app, school, { capacity: 1 })
    const buyer = await newStudent()
    const started = await checkout(world.app, buyer, { course: course.id, provider: 'bank' })
    const noReason = await world.app.api.post(`/api/orders/${started.body.order!.id}/reject`, { token: await token(school.admin), body: {} })
    expect(noReason.status).toBe(400)
    const rejected = await world.app.api.post(`/api/orders/${started.body.order!.id}/reject`, { token: await token(school.admin), body: { reason: 'No transfer with this reference arrived.' } })
    expect(rejected.status).toBe(200)
    expect(await orderOf(world.app, started.body.order!.id)).toMatchObject({ status: 'failed', failureReason: 'No transfer with this reference arrived.', holdsPlaceUntil: null })
    expect((await checkout(world.app, await newStudent(), { course: course.id, provider: 'bank' })).status).toBe(201)
  })
})

describe('invoice numbers across providers', () => {
  it('should number a card, a PayPal and a bank payment completed at once consecutively', async () => {
    const fresh = await createSchool(world.app.payload, `paypb-x-${id}`)
    await world.app.payload.create({
      collection: 'payment-settings',
      data: { tenant: fresh.tenant.id, paypalEnabled: true, paypalClientId: account.clientId, paypalClientSecret: account.clientSecret, paypalWebhookId: webhookId, bankEnabled: true, bankDetails: 'IBAN SO00 0000' },
      overrideAccess: true,
    })
    const course = await createPaidCourse(world.app, fresh)
    const buyers = await Promise.all([0, 1, 2].map(() => createPerson(world.app.payload, { email: `mix-${uniq()}@${fresh.tenant.slug}.example`, tenants: [{ tenant: fresh.tenant.id, roles: ['student'] }] })))
    const card = await checkout(world.app, buyers[0]!, { course: course.id, provider: 'stripe' })
    const pp = await checkout(world.app, buyers[1]!, { course: course.id, provider: 'paypal' })
    const bank = await checkout(world.app, buyers[2]!, { course: course.id, provider: 'bank' })
    const ppOrder = await orderOf(world.app, pp.body.order!.id)
    paypal.approve(ppOrder.paypal!.order!)
    const adminToken = await token(fresh.admin)
    await Promise.all([
      world.stripe.completeCheckout(await sessionOf(world.app, card.body.order!.id)),
      world.app.api.post(`/api/orders/${pp.body.order!.id}/capture`, { token: await token(buyers[1]!) }),
      world.app.api.post(`/api/orders/${bank.body.order!.id}/approve`, { token: adminToken }),
    ])
    const invoices = await world.app.payload.find({ collection: 'invoices', where: { tenant: { equals: fresh.tenant.id } }, sort: 'sequence', overrideAccess: true, depth: 0 })
    expect(invoices.docs.map((i) => i.sequence)).toEqual([1, 2, 3])
  })
})
