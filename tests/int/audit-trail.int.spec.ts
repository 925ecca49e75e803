import type { AuditLog } from '@/payload-types'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { FORBIDDEN_MESSAGE, freshIp } from '../helpers/api'
import { bootApp, type TestApp } from '../helpers/boot'
import { expectForbidden } from '../helpers/graphql'
import { linkIn } from '../helpers/mailbox'
import { createSchool, createSuperAdmin, PASSWORD, type Persona, type School, uniq } from '../helpers/personas'

let app: TestApp
let north: School
let south: School
let root: Persona
const id = uniq()

const entries = async (where: Record<string, unknown>): Promise<AuditLog[]> =>
  (await app.payload.find({ collection: 'audit-logs', where: where as never, sort: '-createdAt', limit: 100, depth: 0, overrideAccess: true })).docs

beforeAll(async () => {
  app = await bootApp()
  north = await createSchool(app.payload, `aud-n-${id}`)
  south = await createSchool(app.payload, `aud-s-${id}`)
  root = await createSuperAdmin(app.payload, `aud-${id}`)
})

afterAll(() => app.close())

describe('audit trail: what is recorded', () => {
  it('should record create, update and delete with actor, fields, IP and user agent, never secrets', async () => {
    const token = await app.api.login(north.admin.email, north.admin.password)
    const ip = freshIp()
    const created = await app.api.post('/api/users', {
      token,
      ip,
      headers: { 'user-agent': 'AuditTest/1.0' },
      body: { name: 'Audited', email: `audited-${id}@north.example`, password: 'Secret-pass-9', tenants: [{ tenant: north.tenant.id, roles: ['student'] }] },
    })
    expect(created.status).toBe(201)
    const userId = ((await created.json()) as { doc: { id: number } }).doc.id

    const [create] = await entries({ and: [{ action: { equals: 'create' } }, { documentId: { equals: String(userId) } }, { collection: { equals: 'users' } }] })
    expect(create).toMatchObject({ actor: north.admin.id, actorLabel: north.admin.email, ip, userAgent: 'AuditTest/1.0', tenants: [north.tenant.id] })
    expect(create?.changedFields).toEqual(expect.arrayContaining(['email', 'name', 'tenants']))
    expect(create?.changedFields).not.toContain('password')
    expect(JSON.stringify(create)).not.toMatch(/Secret-pass-9|hash|salt/)

    await app.api.patch(`/api/users/${userId}`, { token, body: { name: 'Audited Renamed', password: 'Other-pass-9' } })
    const [update] = await entries({ and: [{ action: { equals: 'update' } }, { documentId: { equals: String(userId) } }] })
    expect(update?.changedFields).toEqual(['name'])
    expect((await entries({ and: [{ action: { equals: 'password-change' } }, { documentId: { equals: String(userId) } }] }))).toHaveLength(1)

    expect((await app.api.delete(`/api/users/${userId}`, { token })).status).toBe(200)
    expect(await entries({ and: [{ action: { equals: 'delete' } }, { documentId: { equals: String(userId) } }] })).toHaveLength(1)
  })

  it('should delete a document deleted by several requests at once exactly once: one 200, the rest refused as for a missing one, one audit entry', async () => {
    const token = await app.api.login(north.admin.email, north.admin.password)
    const missingAnswer = (await app.api.delete(`/api/tags/999999999`, { token })).status
    const elsewhere = await app.payload.create({ collection: 'tags', data: { name: `Elsewhere ${id}`, slug: `elsewhere-${id}`, tenant: south.tenant.id }, overrideAccess: true })
    expect((await app.api.delete(`/api/tags/${elsewhere.id}`, { token })).status).toBe(missingAnswer)
    // Several rounds: the losers arrive at every step of the winner's delete, before and after it commits.
    for (const round of [1, 2, 3, 4, 5]) {
      const tag = await app.payload.create({ collection: 'tags', data: { name: `Raced ${id} ${round}`, slug: `raced-${id}-${round}`, tenant: north.tenant.id }, overrideAccess: true })
      const statuses = await Promise.all(Array.from({ length: 6 }, () => app.api.delete(`/api/tags/${tag.id}`, { token }).then((response) => response.status)))
      // A loser that read the tag before the winner committed waits on its lock and answers 404; one
      // that reads after answers as any delete of a missing id under a school-scoped rule does (403,
      // the answer for another school's tag too, so ids stay unprobeable). Never a 500, never twice.
      expect(statuses.filter((status) => status === 200)).toHaveLength(1)
      expect(statuses.filter((status) => status !== 200).every((status) => status === 404 || status === missingAnswer)).toBe(true)
      expect(await entries({ and: [{ action: { equals: 'delete' } }, { collection: { equals: 'tags' } }, { documentId: { equals: String(tag.id) } }] })).toHaveLength(1)
    }
  })

  it('should write nothing when the change itself is refused', async () => {
    const token = await app.api.login(north.admin.email, north.admin.password)
    const before = (await app.payload.count({ collection: 'audit-logs', overrideAccess: true })).totalDocs
    expect((await app.api.patch(`/api/tenants/${north.tenant.id}`, { token, body: { timezone: 'Nowhere/Else' } })).status).toBe(400)
    expect((await app.payload.count({ collection: 'audit-logs', overrideAccess: true })).totalDocs).toBe(before)
  })

  it('should record logins, failed logins (REST and GraphQL), logouts and password resets', async () => {
    const person = north.instructor
    const token = await app.api.login(person.email, person.password)
    expect(await entries({ and: [{ action: { equals: 'login' } }, { actor: { equals: person.id } }] })).toHaveLength(1)

    expect((await app.api.post('/api/users/login', { body: { email: person.email, password: 'wrong' } })).status).toBe(401)
    await app.api.graphql('mutation { loginUser(email: "' + person.email + '", password: "wrong") { token } }')
    const failures = await entries({ and: [{ action: { equals: 'login-failed' } }, { actorLabel: { equals: person.email } }] })
    expect(failures).toHaveLength(2)
    expect(failures[0]).toMatchObject({ documentId: String(person.id), tenants: [north.tenant.id] })
    await app.api.post('/api/users/login', { body: { email: `nobody-${id}@nowhere.example`, password: 'x' } })
    expect(await entries({ and: [{ action: { equals: 'login-failed' } }, { actorLabel: { equals: `nobody-${id}@nowhere.example` } }] })).toHaveLength(1)

    await app.api.post('/api/users/logout', { token })
    expect(await entries({ and: [{ action: { equals: 'logout' } }, { actor: { equals: person.id } }] })).toHaveLength(1)

    await app.api.post('/api/users/forgot-password', { body: { email: person.email } })
    const mail = await app.mailbox.waitFor((m) => m.to.includes(person.email) && /password/i.test(m.subject))
    const resetToken = decodeURIComponent(linkIn(mail, 'http://aqoon.test:3000/admin/reset/').split('/admin/reset/')[1] ?? '')
    expect((await app.api.post('/api/users/reset-password', { body: { token: resetToken, password: 'Reset-pass-77' } })).status).toBe(200)
    expect(await entries({ and: [{ action: { equals: 'password-reset' } }, { actor: { equals: person.id } }] })).toHaveLength(1)
  })

  it('should record membership changes per tenant and tenant suspension', async () => {
    const token = await app.api.login(root.email, root.password)
    const membershipChanges = { and: [{ action: { equals: 'membership-change' } }, { documentId: { equals: String(north.otherStudent.id) } }] }
    // Creating the person granted the first membership.
    expect(await entries(membershipChanges)).toHaveLength(1)
    await app.api.patch(`/api/users/${north.otherStudent.id}`, {
      token,
      body: { tenants: [{ tenant: north.tenant.id, roles: ['instructor'] }, { tenant: south.tenant.id, roles: ['student'] }] },
    })
    const changes = (await entries(membershipChanges)).slice(0, 2)
    expect(changes.map((e) => e.tenants).sort()).toEqual([[north.tenant.id], [south.tenant.id]].sort())
    // Saving the same memberships again changes nothing.
    await app.api.patch(`/api/users/${north.otherStudent.id}`, { token, body: { name: 'Same memberships' } })
    expect(await entries(membershipChanges)).toHaveLength(3)

    const spare = await createSchool(app.payload, `aud-x-${id}`)
    await app.api.patch(`/api/tenants/${spare.tenant.id}`, { token, body: { status: 'suspended' } })
    await app.api.patch(`/api/tenants/${spare.tenant.id}`, { token, body: { status: 'active' } })
    const status = await entries({ and: [{ documentId: { equals: String(spare.tenant.id) } }, { collection: { equals: 'tenants' } }, { action: { in: ['tenant-suspended', 'tenant-reactivated'] } }] })
    expect(status.map((e) => e.action)).toEqual(['tenant-reactivated', 'tenant-suspended'])
    expect(status[0]?.actor).toBe(root.id)
  })
})

describe('audit trail: who reads and writes it', () => {
  it('should refuse every write over REST and GraphQL, even to a super-admin', async () => {
    const token = await app.api.login(root.email, root.password)
    const [entry] = await entries({ tenants: { in: [north.tenant.id] } })
    expect(entry).toBeDefined()
    const entryId = entry?.id ?? 0
    const before = (await app.payload.count({ collection: 'audit-logs', overrideAccess: true })).totalDocs
    const writes: [string, Promise<Response>][] = [
      ['create', app.api.post('/api/audit-logs', { token, body: { action: 'login', actorLabel: 'forged' } })],
      ['update', app.api.patch(`/api/audit-logs/${entryId}`, { token, body: { actorLabel: 'edited' } })],
      ['update many', app.api.patch(`/api/audit-logs?where[id][equals]=${entryId}`, { token, body: { actorLabel: 'edited' } })],
      ['delete', app.api.delete(`/api/audit-logs/${entryId}`, { token })],
      ['delete many', app.api.delete(`/api/audit-logs?where[id][exists]=true`, { token })],
    ]
    for (const [what, sent] of writes) {
      const response = await sent
      expect(response.status, what).toBe(403)
      expect(((await response.json()) as { errors: { message: string }[] }).errors[0]?.message, what).toBe(FORBIDDEN_MESSAGE)
    }
    expectForbidden(await app.api.graphql(`mutation { updateAuditLog(id: ${entryId}, data: { actorLabel: "edited" }) { id } }`, {}, { token }), 'update')
    expectForbidden(await app.api.graphql(`mutation { deleteAuditLog(id: ${entryId}) { id } }`, {}, { token }), 'delete')
    expectForbidden(await app.api.graphql('mutation { createAuditLog(data: { action: login, actorLabel: "forged" }) { id } }', {}, { token }), 'create')
    // The refusals themselves write nothing, and nothing was removed.
    expect((await app.payload.count({ collection: 'audit-logs', overrideAccess: true })).totalDocs).toBe(before)
    const after = await app.payload.findByID({ collection: 'audit-logs', id: entryId, overrideAccess: true })
    expect(after.actorLabel).toBe(entry?.actorLabel)
  })

  it('should let a super-admin read all, a tenant-admin their tenant\'s, nobody else any', async () => {
    const read = async (person: Persona) => {
      const response = await app.api.get('/api/audit-logs?limit=1000&depth=0', { token: await app.api.login(person.email, person.password) })
      return response.status === 200 ? ((await response.json()) as { docs: AuditLog[] }).docs : response.status
    }
    const all = (await read(root)) as AuditLog[]
    expect(all.some((e) => e.tenants?.includes(north.tenant.id))).toBe(true)
    expect(all.some((e) => e.tenants?.includes(south.tenant.id))).toBe(true)

    const southView = (await read(south.admin)) as AuditLog[]
    expect(southView.length).toBeGreaterThan(0)
    expect(southView.every((e) => (e.tenants as number[]).includes(south.tenant.id))).toBe(true)

    expect(await read(south.instructor)).toBe(403)
    expect(await read(south.student)).toBe(403)
    expect((await app.api.get('/api/audit-logs')).status).toBe(403)
  })

  it('should export a tenant-admin\'s entries as CSV, filtered, and nothing for others', async () => {
    const token = await app.api.login(north.admin.email, north.admin.password)
    const response = await app.api.get(`/api/audit-logs/export?action=login&from=2000-01-01`, { token })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-log-/)
    const lines = (await response.text()).trim().split('\r\n')
    expect(lines[0]).toBe('time,action,actor,collection,documentId,changedFields,ip,userAgent')
    expect(lines.length).toBeGreaterThan(1)
    expect(lines.slice(1).every((line) => line.split(',')[1] === 'login')).toBe(true)
    expect(lines.join('\n')).not.toContain(south.admin.email)

    expect((await app.api.get('/api/audit-logs/export?from=yesterday-ish', { token })).status).toBe(400)
    const studentToken = await app.api.login(north.student.email, north.student.password)
    expect((await app.api.get('/api/audit-logs/export', { token: studentToken })).status).toBe(403)
    expect((await app.api.get('/api/audit-logs/export')).status).toBe(401)
  })

  it('should neutralise spreadsheet formulas in exported cells', async () => {
    // A failed login records what was typed as the email, and the browser's user agent: both are the visitor's to choose.
    const typed = `=hyperlink("http://evil.example/${id}")@evil.example`
    const agent = `@SUM(1+1)*cmd|' /C calc'!A0 ${id}`
    expect((await app.api.post('/api/users/login', { headers: { 'user-agent': agent }, body: { email: typed, password: PASSWORD } })).status).toBe(401)
    const token = await app.api.login(root.email, root.password)
    const response = await app.api.get('/api/audit-logs/export?action=login-failed', { token })
    expect(response.status).toBe(200)
    const rows = (await response.text()).trim().split('\r\n')
    const row = rows.find((line) => line.includes(`evil.example/${id}`))
    expect(row, 'the failed login is in the export').toBeDefined()
    // time,action,actor,collection,documentId,changedFields,ip,userAgent: no cell here holds a comma of its own.
    const cells = row!.split(',')
    expect(cells[1]).toBe('login-failed')
    expect(cells[2]).toBe(`"'=hyperlink(""http://evil.example/${id}"")@evil.example"`)
    expect(cells[7]).toBe(`'@SUM(1+1)*cmd|' /C calc'!A0 ${id}`)
  })
})

describe('audit trail: a write of our own SQL and its entry', () => {
  it('should write an insert and its entry in one statement, after the entries buffered before it, or neither', async () => {
    // Imported once the app has set the environment, as the app's own modules are.
    const { createLocalReq } = await import('payload')
    const { sql } = await import('@payloadcms/db-postgres')
    const { insertAudited, recordAudit } = await import('@/services/audit/recordAudit')
    const { inTransaction, sqlHandle } = await import('@/services/database/transactions')
    const actor = north.admin
    const req = await createLocalReq({ user: { ...actor, collection: 'users' } as never }, app.payload)
    const insertTag = (slug: string) => sql`insert into tags (tenant_id, slug, created_at, updated_at) values (${north.tenant.id}, ${slug}, now(), now()) returning id`
    const tagEntry = { req, collection: 'tags', changedFields: ['name', 'slug', 'tenant'], tenants: [north.tenant.id] }
    // The tag's name, which Payload keeps per locale, so the rows made here are whole tags.
    const nameTag = async (tag: number, on = req) => (await sqlHandle(on)).execute(sql`insert into tags_locales (name, _locale, _parent_id) values (${`Audited ${tag}`}, 'en', ${tag})`)
    const tagsCalled = async (slug: string) => (await app.payload.find({ collection: 'tags', where: { slug: { equals: slug } }, depth: 0, overrideAccess: true })).docs

    const [last] = (await app.payload.find({ collection: 'audit-logs', sort: '-id', limit: 1, pagination: false, depth: 0, overrideAccess: true })).docs
    const tag = await inTransaction(req, async () => {
      await recordAudit({ req, action: 'update', collection: 'tenants', documentId: north.tenant.id, changedFields: ['name'], tenants: [north.tenant.id] })
      const made = await insertAudited(insertTag(`audited-${id}`), tagEntry)
      await nameTag(made)
      return made
    })
    expect((await tagsCalled(`audited-${id}`)).map((t) => t.id)).toEqual([tag])
    const written = (await app.payload.find({ collection: 'audit-logs', where: { and: [{ actorLabel: { equals: actor.email } }, { id: { greater_than: last?.id ?? 0 } }] }, sort: 'id', pagination: false, depth: 0, overrideAccess: true })).docs.filter((e) => e.collection === 'tags' || e.collection === 'tenants')
    // The entry buffered first reads first, and the insert's entry names the row it made.
    expect(written.map((e) => [e.collection, e.action, e.documentId, e.changedFields, e.tenants])).toEqual([
      ['tenants', 'update', String(north.tenant.id), ['name'], [north.tenant.id]],
      ['tags', 'create', String(tag), ['name', 'slug', 'tenant'], [north.tenant.id]],
    ])

    // Outside a transaction the statement is atomic on its own.
    const aloneReq = await createLocalReq({ user: { ...actor, collection: 'users' } as never }, app.payload)
    const alone = await insertAudited(insertTag(`audited-alone-${id}`), { ...tagEntry, req: aloneReq })
    await nameTag(alone, aloneReq)
    expect((await entries({ and: [{ collection: { equals: 'tags' } }, { documentId: { equals: String(alone) } }] })).map((e) => [e.action, e.actorLabel])).toEqual([['create', actor.email]])

    // A transaction that fails after the insert keeps neither the row nor an entry.
    const tagEntriesSince = async () => (await app.payload.count({ collection: 'audit-logs', where: { and: [{ collection: { equals: 'tags' } }, { id: { greater_than: last?.id ?? 0 } }] }, overrideAccess: true })).totalDocs
    const before = await tagEntriesSince()
    expect(before).toBe(2)
    await expect(
      inTransaction(req, async () => {
        await insertAudited(insertTag(`audited-undone-${id}`), tagEntry)
        throw new Error('undone')
      }),
    ).rejects.toThrow('undone')
    expect(await tagsCalled(`audited-undone-${id}`)).toEqual([])
    expect(await tagEntriesSince()).toBe(before)

    // An insert that fails (the tag's slug is taken) takes the entries buffered before it down with
    // it: a transaction that swallowed the error still fails at its end, never passing for one that kept them.
    await expect(
      inTransaction(req, async () => {
        await recordAudit({ req, action: 'update', collection: 'tenants', documentId: north.tenant.id, changedFields: ['status'], tenants: [north.tenant.id] })
        await insertAudited(insertTag(`audited-${id}`), tagEntry).catch(() => undefined)
      }),
    ).rejects.toThrow()
    expect(await tagEntriesSince()).toBe(before)
    const tenantEntries = await entries({ and: [{ collection: { equals: 'tenants' } }, { id: { greater_than: last?.id ?? 0 } }, { actorLabel: { equals: actor.email } }] })
    expect(tenantEntries.filter((e) => e.changedFields?.includes('status'))).toEqual([])
  })
})

describe('a transaction whose statement failed', () => {
  it('should not pass for committed when the work caught the error and went on', async () => {
    const { createLocalReq } = await import('payload')
    const { sql } = await import('@payloadcms/db-postgres')
    const { inTransaction, sqlHandle, StatementFailedInside } = await import('@/services/database/transactions')
    const tagged = async (slug: string) => (await app.payload.find({ collection: 'tags', where: { slug: { equals: slug } }, depth: 0, overrideAccess: true })).docs.length
    const write = async (slug: string, fail: boolean) => {
      const req = await createLocalReq({}, app.payload)
      return inTransaction(req, async () => {
        const db = await sqlHandle(req)
        const { rows } = await db.execute<{ id: number }>(sql`insert into tags (tenant_id, slug, created_at, updated_at) values (${north.tenant.id}, ${slug}, now(), now()) returning id`)
        await db.execute(sql`insert into tags_locales (name, _locale, _parent_id) values (${slug}, 'en', ${rows[0]!.id})`)
        if (fail) {
          // PostgreSQL aborts the transaction here; its COMMIT would answer ROLLBACK, not an error.
          await db.execute(sql`select 1 / 0`).catch(() => undefined)
        }
        return rows[0]!.id
      })
    }
    await expect(write(`caught-${id}`, true)).rejects.toBeInstanceOf(StatementFailedInside)
    expect(await tagged(`caught-${id}`)).toBe(0)
    // The connection goes back to the pool as it was: the next transactions on it commit.
    for (let n = 0; n < 3; n++) {
      expect(await write(`kept-${n}-${id}`, false)).toBeGreaterThan(0)
      expect(await tagged(`kept-${n}-${id}`)).toBe(1)
    }
  })
})
