import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createPerson, createSchool, type Persona, type School, uniq } from '../helpers/personas'
import { bootWithStripe, checkout, createPaidCourse, orderOf, type PaymentsWorld, sessionOf } from '../helpers/payments'
import { pdfText } from '../helpers/pdf'

let world: PaymentsWorld
let school: School
const id = uniq()
const prefix = `I${id.toUpperCase()}`
const year = new Date().getUTCFullYear()

const newStudent = (locale: 'en' | 'ar' | 'so' = 'en', name = 'Amina Yusuf'): Promise<Persona> =>
  createPerson(world.app.payload, { email: `buyer-${uniq()}@${school.tenant.slug}.example`, name, preferredLocale: locale, tenants: [{ tenant: school.tenant.id, roles: ['student'] }] })

/** Buys `course` as `buyer` through Stripe, up to the webhook; returns the order id. */
const buy = async (course: number, buyer: Persona, locale?: string): Promise<number> => {
  const started = await checkout(world.app, buyer, { course, provider: 'stripe', ...(locale ? { locale } : {}) })
  expect(started.status).toBe(201)
  return started.body.order!.id
}

/** Runs the invoice job of one invoice (others' jobs, queued by other files, are not this test's). */
const runInvoiceJob = (invoice: number) => world.app.payload.jobs.run({ queue: 'invoices', where: { 'input.invoice': { equals: invoice } }, sequential: true })

beforeAll(async () => {
  world = await bootWithStripe()
  school = await createSchool(world.app.payload, `payi-${id}`)
  await world.app.payload.create({
    collection: 'payment-settings',
    data: { tenant: school.tenant.id, taxRate: 15, pricesIncludeTax: false, legalName: 'Hiiraan Learning Ltd', address: '12 Maka al Mukarama Rd, Mogadishu', taxId: 'SO-123456', invoicePrefix: prefix },
    overrideAccess: true,
  })
})

afterAll(() => world?.close())

describe('invoices', () => {
  it('should number 50 payments completed at once in one school 1 to 50, with no gap and no repeat', async () => {
    const course = await createPaidCourse(world.app, school)
    // One at a time: creating people hashes passwords while holding a connection; the payments are what run at once.
    const buyers = []
    for (let n = 0; n < 50; n++) {
      buyers.push(await newStudent())
    }
    const orders: number[] = []
    for (const buyer of buyers) {
      orders.push(await buy(course.id, buyer))
    }
    const sessions = await Promise.all(orders.map((order) => sessionOf(world.app, order)))
    const completions = await Promise.all(sessions.map((session) => world.stripe.completeCheckout(session)))
    expect(completions.flatMap((c) => c.answers.map((a) => a.status))).toEqual(Array(50).fill(200))
    const invoices = await world.app.payload.find({ collection: 'invoices', where: { and: [{ tenant: { equals: school.tenant.id } }, { kind: { equals: 'invoice' } }] }, pagination: false, sort: 'sequence', overrideAccess: true, depth: 0 })
    expect(invoices.docs.map((i) => i.sequence)).toEqual(Array.from({ length: 50 }, (_, n) => n + 1))
    expect(invoices.docs.map((i) => i.number)).toEqual(Array.from({ length: 50 }, (_, n) => `${prefix}-${year}-${String(n + 1).padStart(6, '0')}`))
    expect(new Set(invoices.docs.map((i) => i.order)).size).toBe(50)
    for (const order of orders) {
      expect((await orderOf(world.app, order)).status).toBe('succeeded')
    }
  })

  it('should render the invoice PDF and email it to the buyer, once, in their language', async () => {
    const course = await createPaidCourse(world.app, school, { title: 'Introduction to Data' })
    const buyer = await newStudent('ar', 'فاطمة محمد')
    const orderId = await buy(course.id, buyer, 'ar')
    await world.stripe.completeCheckout(await sessionOf(world.app, orderId))
    const order = await orderOf(world.app, orderId)
    await runInvoiceJob(order.invoice as number)
    await world.app.payload.jobs.queue({ task: 'deliverInvoice', input: { invoice: order.invoice as number }, queue: 'invoices' })
    // Run twice (as Payload's queue may): the second finds the PDF rendered and the mail sent.
    await runInvoiceJob(order.invoice as number)
    const invoice = await world.app.payload.findByID({ collection: 'invoices', id: order.invoice as number, depth: 0, overrideAccess: true })
    const jobs = await world.app.payload.find({ collection: 'payload-jobs', where: { taskSlug: { equals: 'deliverInvoice' } }, sort: '-id', limit: 1, overrideAccess: true })
    expect(invoice.file, JSON.stringify(jobs.docs[0]?.log ?? jobs.docs[0])).toBeTruthy()
    expect(invoice.emailedAt).toBeTruthy()
    const mail = await world.app.mailbox.waitFor((m) => m.to.includes(buyer.email.toLowerCase()))
    expect(world.app.mailbox.received.filter((m) => m.to.includes(buyer.email.toLowerCase()))).toHaveLength(1)
    expect(mail.subject).toBe(`فاتورة ${invoice.number} · Hiiraan Learning Ltd`)
    const attachment = mail.attachments.find((a) => a.filename === `${invoice.number}.pdf`)!
    expect(attachment.contentType).toBe('application/pdf')
    const text = await pdfText(attachment.content)
    expect(text).toContain('فاتورة')
    expect(text).toContain(invoice.number)
    expect(text).toContain('Hiiraan Learning Ltd')
    expect(text).toContain('SO-123456')
    expect(text).toContain('56.35')

    // The same PDF is the buyer's to download, and nobody else's.
    const file = await world.app.api.get(`/api/invoice-files/${invoice.file as number}`, { token: await world.app.api.tokenOf(buyer) })
    expect(file.status).toBe(200)
    const other = await world.app.api.get(`/api/invoice-files/${invoice.file as number}`, { token: await world.app.api.tokenOf(school.otherStudent) })
    expect(other.status).toBe(404)
    const listed = await world.app.api.get('/api/invoices', { token: await world.app.api.tokenOf(school.otherStudent) })
    expect(((await listed.json()) as { docs: unknown[] }).docs).toEqual([])
    // Staff of the course do not see what students paid; the school's admin does.
    const byAdmin = await world.app.api.get(`/api/invoices/${invoice.id}`, { token: await world.app.api.tokenOf(school.admin) })
    expect(byAdmin.status).toBe(200)
    const byInstructor = await world.app.api.get(`/api/invoices/${invoice.id}`, { token: await world.app.api.tokenOf(school.instructor) })
    expect(byInstructor.status).toBe(404)
  })

  it('should never let anyone change or delete an invoice', async () => {
    const invoice = (await world.app.payload.find({ collection: 'invoices', where: { tenant: { equals: school.tenant.id } }, limit: 1, overrideAccess: true, depth: 0 })).docs[0]!
    const token = await world.app.api.tokenOf(school.admin)
    expect((await world.app.api.patch(`/api/invoices/${invoice.id}`, { token, body: { total: 1 } })).status).toBe(403)
    expect((await world.app.api.delete(`/api/invoices/${invoice.id}`, { token })).status).toBe(403)
    expect((await world.app.payload.findByID({ collection: 'invoices', id: invoice.id, overrideAccess: true })).total).toBe(invoice.total)
  })
})
