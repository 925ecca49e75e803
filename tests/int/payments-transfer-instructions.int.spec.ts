import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { CallOptions } from '../helpers/api'

import { PDF_MINIMAL } from '../fixtures/files'
import { type Clamd, startClamd } from '../helpers/clamd'
import { bootWithStripe, checkout, createPaidCourse, orderOf, type PaymentsWorld } from '../helpers/payments'
import { createPerson, createSchool, createSuperAdmin, type Persona, type School, uniq } from '../helpers/personas'
import { PAYMENT_SETTINGS } from '@/shared/slugs'

/**
 * `GET /api/orders/:id/instructions`: a bank transfer's instructions again, for the buyer who
 * left the checkout page. The school's bank details go to that buyer alone, and only while the
 * order waits for the transfer (pending, or awaiting the admins' approval of the proof).
 */
let world: PaymentsWorld
let clamd: Clamd
let school: School
let other: School
let root: Persona
const id = uniq()
const IBAN = 'IBAN SO21 1000 0010 0123 4567 89'
const BANK_DETAILS = `Hiiraan Learning\nSalaam Bank, ${IBAN}`

const newStudent = (of: School = school): Promise<Persona> =>
  createPerson(world.app.payload, { email: `buyer-${uniq()}@${of.tenant.slug}.example`, tenants: [{ tenant: of.tenant.id, roles: ['student'] }] })
const as = async (person: Persona): Promise<CallOptions> => ({ token: await world.app.api.tokenOf(person) })
const instructionsOf = (order: number, auth: CallOptions = {}) => world.app.api.get(`/api/orders/${order}/instructions`, auth)
const messageOf = async (response: Response) => ((await response.json()) as { errors?: { message: string }[] }).errors?.[0]?.message

/** A bank-transfer checkout of a fresh paid course of `of` by `buyer`. */
const buyByTransfer = async (buyer: Persona, of: School = school) => {
  const course = await createPaidCourse(world.app, of)
  const started = await checkout(world.app, buyer, { course: course.id, provider: 'bank' })
  expect(started.status, JSON.stringify(started.body)).toBe(201)
  return started.body.order!
}

const proofForm = () => {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(PDF_MINIMAL)], { type: 'application/pdf' }), 'transfer.pdf')
  return form
}

const bankSettings = (tenant: number, bankDetails: string) =>
  world.app.payload.create({ collection: PAYMENT_SETTINGS, data: { tenant, bankEnabled: true, bankDetails }, overrideAccess: true })

beforeAll(async () => {
  clamd = await startClamd()
  world = await bootWithStripe({ CLAMD_PORT: String(clamd.port) })
  school = await createSchool(world.app.payload, `xfer-${id}`)
  other = await createSchool(world.app.payload, `xfer-o-${id}`)
  root = await createSuperAdmin(world.app.payload, `xfer-${id}`)
  await bankSettings(school.tenant.id, BANK_DETAILS)
  await bankSettings(other.tenant.id, 'Other School, IBAN SO99 9999')
})

afterAll(async () => {
  await world?.close()
  await clamd?.stop()
})

describe('transfer instructions', () => {
  it('should give the buyer the bank details, amount, reference and hold again, before and after the proof, until the order is paid', async () => {
    const buyer = await newStudent()
    const order = await buyByTransfer(buyer)
    const stored = await orderOf(world.app, order.id)
    const hold = new Date(stored.holdsPlaceUntil!).getTime()
    // The days a transfer takes (BANK_TRANSFER_HOLD_DAYS, 7 by default), not checkout's minutes.
    expect(hold - new Date(stored.createdAt).getTime()).toBe(7 * 86_400_000)

    const pending = await instructionsOf(order.id, await as(buyer))
    expect(pending.status, await pending.clone().text()).toBe(200)
    expect(pending.headers.get('cache-control')).toBe('no-store')
    expect(await pending.json()).toEqual({ reference: order.reference, amount: 4900, currency: 'USD', bankDetails: BANK_DETAILS, holdsPlaceUntil: new Date(hold).toISOString() })

    // Reading them changes nothing: not the order, not its hold.
    expect(await orderOf(world.app, order.id)).toEqual(stored)

    const proof = await world.app.api.post(`/api/orders/${order.id}/proof`, { ...(await as(buyer)), form: proofForm() })
    expect(proof.status, await proof.clone().text()).toBe(200)
    const awaiting = await instructionsOf(order.id, await as(buyer))
    expect(awaiting.status).toBe(200)
    expect(await awaiting.json()).toMatchObject({ reference: order.reference, bankDetails: BANK_DETAILS })

    const approved = await world.app.api.post(`/api/orders/${order.id}/approve`, await as(school.admin))
    expect(approved.status, await approved.clone().text()).toBe(200)
    const paid = await instructionsOf(order.id, await as(buyer))
    expect([paid.status, await messageOf(paid)]).toEqual([404, 'This order is succeeded: it awaits no transfer.'])
  })

  it('should show them to nobody but the buyer: not anonymous visitors, other students, staff or another school', async () => {
    const buyer = await newStudent()
    const order = await buyByTransfer(buyer)
    const refusals: [string, CallOptions, number][] = [
      ['anonymous', {}, 401],
      ['another student of the school', await as(school.otherStudent), 404],
      ['an instructor of the school', await as(school.instructor), 404],
      ["another school's admin", await as(other.admin), 404],
      ["another school's student", await as(other.student), 404],
      // They read the order, but the bank details are the buyer's to be told, not theirs.
      ["the school's admin", await as(school.admin), 403],
      ['a super-admin', await as(root), 403],
    ]
    for (const [who, auth, status] of refusals) {
      const answer = await instructionsOf(order.id, auth)
      const text = await answer.text()
      expect([who, answer.status], text).toEqual([who, status])
      expect(text, who).not.toContain(IBAN)
      expect(text, who).not.toContain(order.reference)
    }
    expect(await instructionsOf(order.id, await as(school.admin)).then(messageOf)).toBe('Only the buyer reads the transfer instructions of their order.')

    // The same answer as an order that does not exist: nobody learns which ids are orders.
    const missing = await instructionsOf(2_000_000_000, await as(school.otherStudent))
    expect([missing.status, await messageOf(missing)]).toEqual([404, 'No such order.'])
    expect(await instructionsOf(order.id, await as(school.otherStudent)).then(messageOf)).toBe('No such order.')
    expect((await world.app.api.get('/api/orders/not-a-number/instructions', await as(buyer))).status).toBe(404)
  })

  it('should have none for a rejected transfer or an order paid by card', async () => {
    const buyer = await newStudent()
    const order = await buyByTransfer(buyer)
    const rejected = await world.app.api.post(`/api/orders/${order.id}/reject`, { ...(await as(school.admin)), body: { reason: 'No transfer with this reference arrived.' } })
    expect(rejected.status).toBe(200)
    const failed = await instructionsOf(order.id, await as(buyer))
    expect([failed.status, await messageOf(failed)]).toEqual([404, 'This order is failed: it awaits no transfer.'])

    const cardBuyer = await newStudent()
    const card = await checkout(world.app, cardBuyer, { course: (await createPaidCourse(world.app, school)).id, provider: 'stripe' })
    expect(card.status).toBe(201)
    const byCard = await instructionsOf(card.body.order!.id, await as(cardBuyer))
    expect([byCard.status, await messageOf(byCard)]).toEqual([404, 'This order is not paid by bank transfer: it has no transfer instructions.'])
  })

  it('should say so when the school has removed its bank details since the checkout', async () => {
    const buyer = await newStudent(other)
    const order = await buyByTransfer(buyer, other)
    const settings = await world.app.payload.find({ collection: PAYMENT_SETTINGS, where: { tenant: { equals: other.tenant.id } }, overrideAccess: true, depth: 0 })
    await world.app.payload.update({ collection: PAYMENT_SETTINGS, id: settings.docs[0]!.id, data: { bankDetails: '' }, overrideAccess: true })
    const answer = await instructionsOf(order.id, await as(buyer))
    expect([answer.status, await messageOf(answer)]).toEqual([409, 'This school takes no bank transfers.'])
  })
})
