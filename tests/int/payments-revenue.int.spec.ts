import { sql } from '@payloadcms/db-postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { Course } from '@/payload-types'

import { postgresAdapter } from '@/services/database/adapter'

import { bootWithStripe, checkout, createPaidCourse, type PaymentsWorld, sessionOf } from '../helpers/payments'
import { createPerson, createSchool, createSuperAdmin, type Persona, type School, uniq } from '../helpers/personas'

let world: PaymentsWorld
let east: School
let west: School
let root: Persona
let algebra: Course
let poetry: Course
let westCourse: Course
const id = uniq()

type Report = {
  from: string
  to: string
  rows: { school: { id: number; name: string }; course: { id: number; title: string | null } | null; month: string; currency: string; gross: number; refunded: number; net: number; orders: number }[]
  totals: { currency: string; gross: number; refunded: number; net: number; orders: number }[]
  errors?: { message: string }[]
}

const report = async (person: Persona | undefined, query: string): Promise<{ status: number; body: Report }> => {
  const response = await world.app.api.get(`/api/orders/revenue${query}`, person ? { token: await world.app.api.tokenOf(person) } : {})
  return { status: response.status, body: (await response.json()) as Report }
}

/** Buys the course with Stripe as a new student of its school; answers the order's id once it is paid. */
const buy = async (school: School, course: Course): Promise<number> => {
  const buyer = await createPerson(world.app.payload, { email: `rev-${uniq()}@${school.tenant.slug}.example`, tenants: [{ tenant: school.tenant.id, roles: ['student'] }] })
  const started = await checkout(world.app, buyer, { course: course.id, provider: 'stripe' })
  expect(started.status).toBe(201)
  await world.stripe.completeCheckout(await sessionOf(world.app, started.body.order!.id))
  await world.stripe.settled()
  return started.body.order!.id
}

/** Dates an order's payments of one kind: payments happen now, and the report is about months. */
const dateOf = async (orderId: number, kind: 'charge' | 'refund', at: string) => {
  const { rowCount } = await postgresAdapter(world.app.payload).drizzle.execute(sql`update payments set at = ${at}::timestamptz where order_id = ${orderId} and kind = ${kind}`)
  expect(rowCount).toBe(1)
}

const row = (school: School, course: Course, month: string, currency: string, gross: number, refunded: number, orders: number) => ({
  school: { id: school.tenant.id, name: school.tenant.name },
  course: { id: course.id, title: course.title },
  month,
  currency,
  gross,
  refunded,
  net: gross - refunded,
  orders,
})

beforeAll(async () => {
  world = await bootWithStripe()
  // East's months are Mogadishu's (UTC+3): its invoices are dated so, and its revenue too.
  east = await createSchool(world.app.payload, `rev-e-${id}`, { timezone: 'Africa/Mogadishu' })
  west = await createSchool(world.app.payload, `rev-w-${id}`)
  root = await createSuperAdmin(world.app.payload, `rev-${id}`)
  for (const school of [east, west]) {
    await world.app.payload.create({ collection: 'payment-settings', data: { tenant: school.tenant.id, legalName: school.tenant.name }, overrideAccess: true })
  }
  algebra = await createPaidCourse(world.app, east, { title: `Algebra ${id}`, price: { amount: 4900, currency: 'USD' } })
  poetry = await createPaidCourse(world.app, east, { title: `Poetry ${id}`, price: { amount: 2500, currency: 'EUR' } })
  westCourse = await createPaidCourse(world.app, west, { title: `West ${id}`, price: { amount: 9900, currency: 'USD' } })

  const first = await buy(east, algebra)
  const second = await buy(east, algebra)
  const third = await buy(east, algebra)
  const euros = await buy(east, poetry)
  const western = await buy(west, westCourse)
  const refunded = await world.app.api.post(`/api/orders/${first}/refund`, { token: await world.app.api.tokenOf(east.admin), body: { amount: 1000, reason: 'Started late' } })
  expect(refunded.status).toBe(200)
  await world.stripe.settled()

  await dateOf(first, 'charge', '2025-01-10T09:00:00Z')
  // 22:30 UTC on the 31st is already February in Mogadishu.
  await dateOf(second, 'charge', '2025-01-31T22:30:00Z')
  await dateOf(third, 'charge', '2025-03-02T12:00:00Z')
  await dateOf(first, 'refund', '2025-02-05T12:00:00Z')
  await dateOf(euros, 'charge', '2025-01-20T12:00:00Z')
  await dateOf(western, 'charge', '2025-01-15T12:00:00Z')
})

afterAll(() => world?.close())

describe('revenue', () => {
  it("should answer a school's gross, refunded and net money per course, month and currency, refunds in their own month", async () => {
    const { status, body } = await report(east.admin, '?from=2025-01&to=2025-02')
    expect(status).toBe(200)
    expect(body).toEqual({
      from: '2025-01',
      to: '2025-02',
      rows: [row(east, algebra, '2025-01', 'USD', 4900, 0, 1), row(east, poetry, '2025-01', 'EUR', 2500, 0, 1), row(east, algebra, '2025-02', 'USD', 4900, 1000, 1)],
      // Dollars and euros are never added together.
      totals: [
        { currency: 'EUR', gross: 2500, refunded: 0, net: 2500, orders: 1 },
        { currency: 'USD', gross: 9800, refunded: 1000, net: 8800, orders: 2 },
      ],
    })
  })

  it('should count only the months asked for', async () => {
    const march = await report(east.admin, '?from=2025-03&to=2025-03')
    expect(march.body.rows).toEqual([row(east, algebra, '2025-03', 'USD', 4900, 0, 1)])
    const february = await report(east.admin, '?from=2025-02&to=2025-02')
    expect(february.body.totals).toEqual([{ currency: 'USD', gross: 4900, refunded: 1000, net: 3900, orders: 1 }])
    const before = await report(east.admin, '?from=2024-01&to=2024-12')
    expect([before.status, before.body.rows, before.body.totals]).toEqual([200, [], []])
  })

  it('should default to the twelve months up to this one', async () => {
    const { status, body } = await report(east.admin, '')
    const now = new Date()
    const to = now.toISOString().slice(0, 7)
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 7)
    expect([status, body.from, body.to]).toEqual([200, from, to])
  })

  it("should show each school admin their own school's money only, and a super-admin every school or the one asked for", async () => {
    const westOwn = await report(west.admin, '?from=2025-01&to=2025-03')
    expect(westOwn.body.rows).toEqual([row(west, westCourse, '2025-01', 'USD', 9900, 0, 1)])
    const westPeeking = await report(west.admin, `?from=2025-01&to=2025-03&tenant=${east.tenant.id}`)
    expect([westPeeking.status, westPeeking.body.errors?.[0]?.message]).toEqual([403, 'You may see only the revenue of the schools you administer.'])

    const everyone = await report(root, '?from=2025-01&to=2025-01')
    const ours = everyone.body.rows.filter((r) => r.school.id === east.tenant.id || r.school.id === west.tenant.id)
    expect(ours).toEqual(expect.arrayContaining([row(east, algebra, '2025-01', 'USD', 4900, 0, 1), row(east, poetry, '2025-01', 'EUR', 2500, 0, 1), row(west, westCourse, '2025-01', 'USD', 9900, 0, 1)]))
    expect(ours).toHaveLength(3)
    const eastOnly = await report(root, `?from=2025-01&to=2025-02&tenant=${east.tenant.id}`)
    expect(eastOnly.body).toEqual((await report(east.admin, '?from=2025-01&to=2025-02')).body)
  })

  it("should refuse instructors, students and outsiders, and ask anonymous callers to log in", async () => {
    for (const person of [east.instructor, east.student]) {
      const refused = await report(person, '?from=2025-01&to=2025-02')
      expect([refused.status, refused.body.errors?.[0]?.message]).toEqual([403, "Revenue is for the school's admins."])
    }
    const outsider = await createPerson(world.app.payload, { email: `outsider-${uniq()}@nowhere.example` })
    expect((await report(outsider, '')).status).toBe(403)
    const anonymous = await report(undefined, '?from=2025-01&to=2025-02')
    expect([anonymous.status, anonymous.body.errors?.[0]?.message]).toEqual([401, 'Log in to see revenue.'])
  })

  it('should answer 400 with the reason for a malformed month, range or school', async () => {
    const cases: [string, string][] = [
      ['?from=2025-13', '"from" must be a month written YYYY-MM, like 2026-01 (from 1970-01 to 2999-12).'],
      ['?from=2025-1&to=2025-02', '"from" must be a month written YYYY-MM, like 2026-01 (from 1970-01 to 2999-12).'],
      ['?to=January', '"to" must be a month written YYYY-MM, like 2026-01 (from 1970-01 to 2999-12).'],
      ['?from=0000-01&to=0000-02', '"from" must be a month written YYYY-MM, like 2026-01 (from 1970-01 to 2999-12).'],
      ['?from=2025-03&to=2025-01', '"from" (2025-03) comes after "to" (2025-01).'],
      ['?from=2020-01&to=2025-01', 'A report covers at most 60 months; this range has 61.'],
      ['?from=2025-01&from=2025-02', '"from" must be a month written YYYY-MM, like 2026-01 (from 1970-01 to 2999-12).'],
      ['?tenant=east', '"tenant" must be the id of a school.'],
      ['?tenant=0', '"tenant" must be the id of a school.'],
      ['?tenant=99999999999', '"tenant" must be the id of a school.'],
    ]
    for (const [query, message] of cases) {
      const answer = await report(east.admin, query)
      expect([query, answer.status, answer.body.errors?.[0]?.message]).toEqual([query, 400, message])
    }
  })
})
