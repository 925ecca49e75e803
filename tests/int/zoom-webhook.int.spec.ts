import { sql } from '@payloadcms/db-postgres'
import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createLocalReq } from 'payload'

import { openZoomSecret, zoomSettingsOf } from '@/domain/live/zoomSettings'
import { postgresAdapter } from '@/services/database/adapter'
import { createZoomClient, ZOOM_SIGNATURE_HEADER, ZOOM_TIMESTAMP_HEADER } from '@/services/zoom'

import { bootApp, type TestApp } from '../helpers/boot'
import { createSchool, type School, uniq } from '../helpers/personas'
import { startWebhookRelay } from '../helpers/webhookRelay'
import { startZoomStandIn, type ZoomStandIn, zoomTestAccount } from '../stand-ins/zoom'

let app: TestApp
let zoom: ZoomStandIn
let relay: Awaited<ReturnType<typeof startWebhookRelay>>
let north: School
let south: School
const id = uniq()
const northZoom = zoomTestAccount()
const southZoom = zoomTestAccount()

const eventsOf = async (school: number) =>
  (
    await postgresAdapter(app.payload).drizzle.execute(
      sql`select type, status::text as status, payload->'payload'->'object'->>'id' as meeting from provider_events where provider = 'zoom' and school_id = ${school} order by id`,
    )
  ).rows as { type: string; status: string; meeting: string }[]

/** A meeting on the school's Zoom account, as the scheduling job will make it. */
const newMeeting = (account: typeof northZoom, topic: string) =>
  createZoomClient({ accountId: account.accountId, clientId: account.clientId, clientSecret: account.clientSecret, apiBase: zoom.apiBase, oauthBase: zoom.baseUrl }).createMeeting({
    userId: account.users[1]!.id,
    meeting: { topic, type: 2, start_time: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'), duration: 45 },
  })

beforeAll(async () => {
  zoom = await startZoomStandIn({ accounts: [northZoom, southZoom] })
  app = await bootApp({ ZOOM_API_BASE: zoom.apiBase, ZOOM_OAUTH_BASE: zoom.baseUrl })
  relay = await startWebhookRelay(app, [ZOOM_SIGNATURE_HEADER, ZOOM_TIMESTAMP_HEADER])
  north = await createSchool(app.payload, `zoom-n-${id}`)
  south = await createSchool(app.payload, `zoom-s-${id}`)
  for (const [school, account] of [
    [north, northZoom],
    [south, southZoom],
  ] as const) {
    const created = await app.api.post('/api/zoom-settings', {
      token: await app.api.tokenOf(school.admin),
      body: { tenant: school.tenant.id, accountId: account.accountId, clientId: account.clientId, clientSecret: account.clientSecret, webhookSecret: account.webhookSecret, hosts: [{ email: account.users[1]!.email }] },
    })
    expect(created.status, await created.clone().text()).toBe(201)
    zoom.setWebhookUrl(account.accountId, `${relay.origin}/api/webhooks/zoom/${school.tenant.slug}`)
  }
})

afterAll(async () => {
  await relay?.close()
  await zoom?.close()
  await app?.close()
})

describe("a school's Zoom settings", () => {
  it('should store the client secret and secret token sealed, return them to no one, and keep them through other changes', async () => {
    const token = await app.api.tokenOf(north.admin)
    const [listed] = ((await (await app.api.get('/api/zoom-settings', { token })).json()) as { docs: Record<string, unknown>[] }).docs
    expect(listed).toMatchObject({ accountId: northZoom.accountId, clientId: northZoom.clientId, hosts: [{ email: northZoom.users[1]!.email }] })
    expect(listed).not.toHaveProperty('clientSecret')
    expect(listed).not.toHaveProperty('webhookSecret')
    expect(JSON.stringify(listed)).not.toContain(northZoom.clientSecret)
    expect(JSON.stringify(listed)).not.toContain(northZoom.webhookSecret)
    // Stored sealed, bound to the school: the row holds neither secret in the clear.
    const row = (await postgresAdapter(app.payload).drizzle.execute(sql`select client_secret, webhook_secret, client_secret_hint from zoom_settings where tenant_id = ${north.tenant.id}`)).rows[0] as Record<string, string>
    expect(row.client_secret).not.toContain(northZoom.clientSecret)
    expect(row.webhook_secret).not.toContain(northZoom.webhookSecret)
    expect(row.client_secret_hint).toBe(`…${northZoom.clientSecret.slice(-4)}`)
    const settings = (await zoomSettingsOf(await createLocalReq({}, app.payload), north.tenant.id))!
    expect([openZoomSecret(settings, 'clientSecret'), openZoomSecret(settings, 'webhookSecret')]).toEqual([northZoom.clientSecret, northZoom.webhookSecret])

    // Another change keeps them; only the school's admins change anything.
    expect((await app.api.patch(`/api/zoom-settings/${settings.id}`, { token, body: { hosts: [{ email: northZoom.users[1]!.email }, { email: northZoom.users[2]!.email }] } })).status).toBe(200)
    const after = (await zoomSettingsOf(await createLocalReq({}, app.payload), north.tenant.id))!
    expect([openZoomSecret(after, 'clientSecret'), openZoomSecret(after, 'webhookSecret'), after.hosts?.length]).toEqual([northZoom.clientSecret, northZoom.webhookSecret, 2])
    for (const person of [north.instructor, north.student, south.admin]) {
      const other = await app.api.tokenOf(person)
      expect((await app.api.get(`/api/zoom-settings/${settings.id}`, { token: other })).status, person.email).not.toBe(200)
      expect((await app.api.patch(`/api/zoom-settings/${settings.id}`, { token: other, body: { accountId: 'taken' } })).status, person.email).toBe(403)
    }
    // Not the school's API keys: whose Zoom account classes are held on, and the token that signs its events, are its admins' own.
    const keyed = await app.api.post('/api/api-keys', { token, body: { name: `zoom probe ${uniq()}`, tenant: north.tenant.id } })
    const key = ((await keyed.json()) as { doc: { key: string } }).doc.key
    const byKey = { headers: { authorization: `Bearer ${key}` } }
    expect([403, 404]).toContain((await app.api.get(`/api/zoom-settings/${settings.id}`, byKey)).status)
    expect((await app.api.patch(`/api/zoom-settings/${settings.id}`, { ...byKey, body: { accountId: 'taken' } })).status).toBe(403)
    expect((await app.api.post(`/api/zoom-settings/${settings.id}/check`, byKey)).status).toBe(404)
    // A value that only looks sealed is sealed like any other: it opens as what was sent.
    expect((await app.api.patch(`/api/zoom-settings/${settings.id}`, { token, body: { webhookSecret: 'enc:v1:not-really' } })).status).toBe(200)
    expect(openZoomSecret((await zoomSettingsOf(await createLocalReq({}, app.payload), north.tenant.id))!, 'webhookSecret')).toBe('enc:v1:not-really')
    expect((await app.api.patch(`/api/zoom-settings/${settings.id}`, { token, body: { webhookSecret: northZoom.webhookSecret } })).status).toBe(200)
    const second = await app.api.post('/api/zoom-settings', { token, body: { tenant: north.tenant.id, accountId: 'again' } })
    expect([second.status, ((await second.json()) as { errors: { message: string }[] }).errors[0]?.message]).toEqual([409, 'This school has its Zoom settings already: edit them.'])
    const bad = await app.api.patch(`/api/zoom-settings/${settings.id}`, { token, body: { accountId: 'not an id!' } })
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('The account id is letters, digits, - and _ as Zoom shows it.')
  })
})

describe('checking the connection', () => {
  type Checked = { ok: boolean; message: string; hosts: { email: string; zoomUserId: string | null; problem?: string }[] }
  const check = async (person: School['admin'], settingsId: number) => app.api.post(`/api/zoom-settings/${settingsId}/check`, { token: await app.api.tokenOf(person) })

  it("should find the listed hosts among the account's users and keep their Zoom ids, and say what is wrong when it cannot", async () => {
    const settings = (await zoomSettingsOf(await createLocalReq({}, app.payload), north.tenant.id))!
    const token = await app.api.tokenOf(north.admin)
    const hosts = [northZoom.users[1]!, northZoom.users[2]!]
    expect((await app.api.patch(`/api/zoom-settings/${settings.id}`, { token, body: { hosts: hosts.map((user) => ({ email: user.email.toUpperCase() })) } })).status).toBe(200)

    const found = await check(north.admin, settings.id)
    expect(found.status).toBe(200)
    expect((await found.json()) as Checked).toEqual({ ok: true, message: 'Connected to Zoom: all 2 hosts found.', hosts: hosts.map((user) => ({ email: user.email.toUpperCase(), zoomUserId: user.id })) })
    const kept = (await zoomSettingsOf(await createLocalReq({}, app.payload), north.tenant.id))!
    expect(kept.hosts?.map((host) => host.zoomUserId)).toEqual(hosts.map((user) => user.id))
    expect(kept.connection).toMatchObject({ ok: true, message: 'Connected to Zoom: all 2 hosts found.' })
    // The secrets are untouched by the check's own write.
    expect(openZoomSecret(kept, 'clientSecret')).toBe(northZoom.clientSecret)

    expect((await app.api.patch(`/api/zoom-settings/${settings.id}`, { token, body: { hosts: [...hosts.map((user) => ({ email: user.email })), { email: `nobody-${id}@school.test` }] } })).status).toBe(200)
    const missing = (await (await check(north.admin, settings.id)).json()) as Checked
    expect([missing.ok, missing.message, missing.hosts[2]]).toEqual([
      false,
      'Connected to Zoom, but 1 of 3 hosts are not active users of the account.',
      { email: `nobody-${id}@school.test`, zoomUserId: null, problem: 'No active user of the Zoom account has this email.' },
    ])

    zoom.rejectCredentials(northZoom.accountId)
    try {
      const refused = (await (await check(north.admin, settings.id)).json()) as Checked
      expect([refused.ok, refused.message]).toEqual([false, 'Zoom refused the account id, client id or client secret: copy them again from the app’s App Credentials.'])
      expect((await zoomSettingsOf(await createLocalReq({}, app.payload), north.tenant.id))!.connection).toMatchObject({ ok: false, message: refused.message })
    } finally {
      zoom.rejectCredentials(northZoom.accountId, false)
    }
    expect((await app.api.patch(`/api/zoom-settings/${settings.id}`, { token, body: { hosts: hosts.map((user) => ({ email: user.email })) } })).status).toBe(200)
  })

  it("should be run by the school's admins only, and not write the connection's state from outside", async () => {
    const settings = (await zoomSettingsOf(await createLocalReq({}, app.payload), north.tenant.id))!
    for (const person of [south.admin, north.instructor, north.student]) {
      expect((await check(person, settings.id)).status, person.email).toBe(404)
    }
    expect((await app.api.post(`/api/zoom-settings/${settings.id}/check`)).status).toBe(401)
    const token = await app.api.tokenOf(north.admin)
    await app.api.patch(`/api/zoom-settings/${settings.id}`, { token, body: { connection: { ok: true, message: 'Forged' } } })
    expect((await zoomSettingsOf(await createLocalReq({}, app.payload), north.tenant.id))!.connection?.message).not.toBe('Forged')
  })
})

describe("Zoom's notifications", () => {
  it("should answer Zoom's URL validation with the school's own secret token, and refuse one signed with another school's", async () => {
    expect((await zoom.validateUrl(northZoom.accountId)).valid).toBe(true)
    expect((await zoom.validateUrl(southZoom.accountId)).valid).toBe(true)
    const forged = await zoom.validateUrl(northZoom.accountId, { options: { forge: true } })
    expect([forged.valid, forged.delivery.status]).toEqual([false, 401])
  })

  it('should record each event once, however often and in whatever order Zoom delivers it', async () => {
    const meeting = await newMeeting(northZoom, 'Algebra live')
    await zoom.startMeeting(meeting.id, { hostJoins: false })
    const joined = await zoom.join(meeting.id, { name: 'Hodan', email: 'hodan@students.test' }, { quiet: true })
    const left = await zoom.leave(joined.participant, { quiet: true })
    // Left before joined, and joined three times: as Zoom's retries deliver them.
    const out = await zoom.deliver([...left.events, ...joined.events])
    const again = await zoom.deliver(joined.events, { times: 2 })
    expect([...out.deliveries, ...again.deliveries].map((d) => d?.status)).toEqual([200, 200, 200, 200])
    expect([...out.deliveries, ...again.deliveries].map((d) => (JSON.parse(d?.answer ?? '{}') as { duplicate?: boolean }).duplicate)).toEqual([false, false, true, true])
    const recorded = (await eventsOf(north.tenant.id)).filter((event) => event.meeting === String(meeting.id))
    expect(recorded.map((event) => event.type)).toEqual(['meeting.started', 'meeting.participant_left', 'meeting.participant_joined'])
    // Applied at once: a meeting of no class of the school is recorded and ignored.
    expect(new Set(recorded.map((event) => event.status))).toEqual(new Set(['ignored']))
    await zoom.endMeeting(meeting.id, { quiet: true })
  })

  it("should change nothing for forged, tampered, stale, unsigned or another school's events, nor for an unknown school", async () => {
    const meeting = await newMeeting(northZoom, 'Forgeries')
    const { events } = await zoom.startMeeting(meeting.id, { quiet: true, hostJoins: false })
    const before = (await eventsOf(north.tenant.id)).length
    const answers = [
      ...(await zoom.deliver(events, { forge: true })).deliveries,
      ...(await zoom.deliver(events, { tamper: (body) => body.replace('"meeting.started"', '"meeting.ended"') })).deliveries,
      ...(await zoom.deliver(events, { timestamp: Math.floor(Date.now() / 1000) - 600 })).deliveries,
      ...(await zoom.deliver(events, { signature: 'v0=not-hex' })).deliveries,
    ]
    expect(answers.map((d) => d?.status)).toEqual([401, 401, 401, 401])
    const unsigned = await app.api.post(`/api/webhooks/zoom/${north.tenant.slug}`, { rawBody: JSON.stringify(events[0]), headers: { 'content-type': 'application/json' } })
    expect(unsigned.status).toBe(401)
    expect(((await unsigned.json()) as { errors: { message: string }[] }).errors[0]?.message).toBe('This Zoom notification could not be verified.')
    // South's events sent to north's URL: signed with south's secret token, refused.
    zoom.setWebhookUrl(southZoom.accountId, `${relay.origin}/api/webhooks/zoom/${north.tenant.slug}`)
    try {
      const southMeeting = await newMeeting(southZoom, 'Wrong door')
      const { deliveries } = await zoom.deliver((await zoom.startMeeting(southMeeting.id, { quiet: true, hostJoins: false })).events)
      expect(deliveries.map((d) => d?.status)).toEqual([401])
      await zoom.endMeeting(southMeeting.id, { quiet: true })
    } finally {
      zoom.setWebhookUrl(southZoom.accountId, `${relay.origin}/api/webhooks/zoom/${south.tenant.slug}`)
    }
    // Nor does a path that is not a school's slug at all.
    expect((await app.api.post(`/api/webhooks/zoom/%00`, { rawBody: JSON.stringify(events[0]), headers: { 'content-type': 'application/json' } })).status).toBe(401)
    // A school that does not exist answers as a bad signature does.
    zoom.setWebhookUrl(northZoom.accountId, `${relay.origin}/api/webhooks/zoom/no-such-school-${id}`)
    try {
      expect((await zoom.deliver(events)).deliveries.map((d) => d?.status)).toEqual([401])
    } finally {
      zoom.setWebhookUrl(northZoom.accountId, `${relay.origin}/api/webhooks/zoom/${north.tenant.slug}`)
    }
    expect((await eventsOf(north.tenant.id)).length).toBe(before)
    // The genuine delivery still goes in, once.
    expect((await zoom.deliver(events)).deliveries.map((d) => d?.status)).toEqual([200])
    expect((await eventsOf(north.tenant.id)).length).toBe(before + 1)
    await zoom.endMeeting(meeting.id, { quiet: true })
  })

  it('should refuse a signed body that is not a Zoom event with a 400 that says why, and events when the school turned Zoom off', async () => {
    const sign = (body: string) => {
      const timestamp = String(Math.floor(Date.now() / 1000))
      return { [ZOOM_TIMESTAMP_HEADER]: timestamp, [ZOOM_SIGNATURE_HEADER]: `v0=${createHmac('sha256', northZoom.webhookSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`, 'content-type': 'application/json' }
    }
    const post = (body: string) => app.api.post(`/api/webhooks/zoom/${north.tenant.slug}`, { rawBody: body, headers: sign(body) })
    const notJson = await post('{"event": ')
    expect([notJson.status, ((await notJson.json()) as { errors: { message: string }[] }).errors[0]?.message]).toEqual([400, 'A Zoom notification is a JSON event.'])
    const noPayload = await post('{"event": "meeting.started"}')
    expect([noPayload.status, ((await noPayload.json()) as { errors: { message: string }[] }).errors[0]?.message]).toEqual([400, 'A Zoom notification names its event and carries a payload.'])
    const noToken = await post('{"event": "endpoint.url_validation", "payload": {}}')
    expect([noToken.status, ((await noToken.json()) as { errors: { message: string }[] }).errors[0]?.message]).toEqual([400, 'The URL validation carries no plainToken.'])

    const settings = (await zoomSettingsOf(await createLocalReq({}, app.payload), north.tenant.id))!
    const token = await app.api.tokenOf(north.admin)
    expect((await app.api.patch(`/api/zoom-settings/${settings.id}`, { token, body: { enabled: false } })).status).toBe(200)
    try {
      const body = JSON.stringify({ event: 'meeting.started', event_ts: Date.now(), payload: { account_id: northZoom.accountId, object: { id: '1' } } })
      expect((await post(body)).status).toBe(401)
    } finally {
      expect((await app.api.patch(`/api/zoom-settings/${settings.id}`, { token, body: { enabled: true } })).status).toBe(200)
    }
  })
})
