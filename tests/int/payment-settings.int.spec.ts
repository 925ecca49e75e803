import { sql } from '@payloadcms/db-postgres'
import { createLocalReq } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { openSecret, paymentSettingsOf } from '@/domain/payments/schoolSecrets'
import { postgresAdapter } from '@/services/database/adapter'
import { seal, unseal } from '@/services/secrets/sealedSecrets'

import { bootApp, type TestApp } from '../helpers/boot'
import { createSchool, type School, uniq } from '../helpers/personas'

let app: TestApp
let north: School
let south: School
const id = uniq()

const rawRow = async (settingsId: number) =>
  (await postgresAdapter(app.payload).drizzle.execute(sql`select paypal_client_secret, bank_details from payment_settings where id = ${settingsId}`)).rows[0] as { paypal_client_secret: string | null; bank_details: string | null }

beforeAll(async () => {
  app = await bootApp()
  north = await createSchool(app.payload, `pset-n-${id}`)
  south = await createSchool(app.payload, `pset-s-${id}`)
})

afterAll(() => app?.close())

describe("a school's payment secrets", () => {
  it('should store PayPal and bank secrets sealed, return them to no one, and keep them through other changes', async () => {
    const token = await app.api.tokenOf(north.admin)
    const created = await app.api.post('/api/payment-settings', {
      token,
      body: { tenant: north.tenant.id, paypalEnabled: true, paypalClientId: 'client-north', paypalClientSecret: 'EBWKjlELKMYqRNQ6sYvFo64FtaRLRR5BdHEESmha49TM', bankEnabled: true, bankDetails: 'North Academy, Salaam Bank, IBAN SO12 3456' },
    })
    expect(created.status).toBe(201)
    const doc = ((await created.json()) as { doc: Record<string, unknown> }).doc
    expect(doc).not.toHaveProperty('paypalClientSecret')
    expect(doc).not.toHaveProperty('bankDetails')
    expect(doc).toMatchObject({ paypalSecretHint: '…49TM', bankDetailsSet: true })

    const raw = await rawRow(doc.id as number)
    expect(raw.paypal_client_secret).toMatch(/^enc:v1:/)
    expect(raw.paypal_client_secret).not.toContain('EBWKjlELKMYq')
    expect(raw.bank_details).toMatch(/^enc:v1:/)

    const read = await app.api.get(`/api/payment-settings/${doc.id as number}`, { token })
    const body = (await read.json()) as Record<string, unknown>
    expect(body).not.toHaveProperty('paypalClientSecret')
    expect(body).not.toHaveProperty('bankDetails')
    const overGraphql = await app.api.graphql('{ PaymentSettings { docs { id paypalClientSecret bankDetails paypalSecretHint } } }', {}, { token })
    expect(JSON.stringify(overGraphql)).not.toContain('EBWKjlELKMYq')
    expect(JSON.stringify(overGraphql)).not.toContain('enc:v1:')

    const changed = await app.api.patch(`/api/payment-settings/${doc.id as number}`, { token, body: { taxRate: 15 } })
    expect(changed.status).toBe(200)
    const settings = (await paymentSettingsOf(await createLocalReq({}, app.payload), north.tenant.id))!
    expect(settings.taxRate).toBe(15)
    expect(openSecret(settings, 'paypalClientSecret')).toBe('EBWKjlELKMYqRNQ6sYvFo64FtaRLRR5BdHEESmha49TM')
    expect(openSecret(settings, 'bankDetails')).toBe('North Academy, Salaam Bank, IBAN SO12 3456')

    // The system's read (one statement) is the document Payload's own read gives, every field of it.
    await app.payload.update({
      collection: 'payment-settings',
      id: doc.id as number,
      data: { stripeAccountId: 'acct_north', platformFeePercent: 2.5, country: 'KE', stripeStatus: { account: 'acct_north', chargesEnabled: true, payoutsEnabled: false, detailsSubmitted: true, requirementsDue: 'external_account', checkedAt: '2026-12-01T10:00:00.123Z' }, taxRate: 7.5, pricesIncludeTax: true, invoicePrefix: 'NTH' },
      overrideAccess: true,
    })
    const byPayload = (await app.payload.find({ collection: 'payment-settings', where: { tenant: { equals: north.tenant.id } }, depth: 0, overrideAccess: true })).docs[0]!
    expect(byPayload.platformFeePercent).toBe(2.5)
    expect(await paymentSettingsOf(await createLocalReq({}, app.payload), north.tenant.id)).toStrictEqual(byPayload)
    expect(await paymentSettingsOf(await createLocalReq({}, app.payload), south.tenant.id)).toBeUndefined()

    // Cleared with an empty string.
    await app.api.patch(`/api/payment-settings/${doc.id as number}`, { token, body: { bankDetails: '' } })
    expect((await rawRow(doc.id as number)).bank_details).toBeNull()
  })

  it('should not open a sealed value in another school, or one altered at rest', async () => {
    const sealed = seal('secret of north', `payment-settings:${north.tenant.id}:paypalClientSecret`)
    expect(unseal(sealed, `payment-settings:${north.tenant.id}:paypalClientSecret`)).toBe('secret of north')
    expect(() => unseal(sealed, `payment-settings:${south.tenant.id}:paypalClientSecret`)).toThrow()
    const altered = `${sealed.slice(0, -4)}${sealed.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`
    expect(() => unseal(altered, `payment-settings:${north.tenant.id}:paypalClientSecret`)).toThrow()
  })

  it("should be read and written only by the school's admins", async () => {
    const settings = await app.payload.create({ collection: 'payment-settings', data: { tenant: south.tenant.id, legalName: 'South Ltd' }, overrideAccess: true })
    for (const person of [south.instructor, south.student, north.admin]) {
      const token = await app.api.tokenOf(person)
      expect((await app.api.get(`/api/payment-settings/${settings.id}`, { token })).status, person.email).not.toBe(200)
      expect((await app.api.patch(`/api/payment-settings/${settings.id}`, { token, body: { legalName: 'Taken' } })).status, person.email).toBe(403)
    }
    const second = await app.api.post('/api/payment-settings', { token: await app.api.tokenOf(south.admin), body: { tenant: south.tenant.id, legalName: 'Again' } })
    expect([second.status, ((await second.json()) as { errors: { message: string }[] }).errors[0]?.message]).toEqual([409, 'This school has its payment settings already: edit them.'])
  })
})
