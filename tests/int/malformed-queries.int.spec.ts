import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createSchool, createSuperAdmin, type School, uniq } from '../helpers/personas'

let app: TestApp
let school: School
let token: string

type ErrorBody = { errors: { name?: string; message: string; data?: { errors?: { path: string; message: string }[] } }[] }

/** A 400 that names the offending parameter and says why. */
const expectRefused = async (response: Response, path: string, message: RegExp) => {
  expect(response.status, await response.clone().text()).toBe(400)
  const body = (await response.json()) as ErrorBody
  const problems = body.errors.flatMap((e) => e.data?.errors ?? [{ path: '', message: e.message }])
  expect(problems.some((p) => p.path === path && message.test(p.message)), JSON.stringify(problems)).toBe(true)
}

beforeAll(async () => {
  app = await bootApp()
  school = await createSchool(app.payload, `mq-${uniq()}`)
  const root = await createSuperAdmin(app.payload, `mq-${uniq()}`)
  token = await app.api.login(root.email, root.password)
})

afterAll(() => app.close())

const get = (path: string) => app.api.get(path, { token })

describe('where', () => {
  it('should refuse values the field cannot hold, naming the condition', async () => {
    await expectRefused(await get('/api/courses?where[startsAt][greater_than]=99999-01-01'), 'where.startsAt.greater_than', /date/)
    await expectRefused(await get('/api/courses?where[createdAt][less_than]=2026-13-45'), 'where.createdAt.less_than', /date/)
    await expectRefused(await get('/api/enrollments?where[status][equals]=bogus'), 'where.status.equals', /one of: pending, active/)
    await expectRefused(await get('/api/courses?where[id][equals]=abc'), 'where.id.equals', /whole number/)
    await expectRefused(await get('/api/courses?where[category][in]=1,99999999999'), 'where.category.in', /whole number/)
    await expectRefused(await get('/api/tags?where[name][equals]=x%00y'), 'where.name.equals', /NUL/)
    await expectRefused(await get('/api/courses?where[archived][exists]=maybe'), 'where.archived.exists', /true or false/)
  })

  it('should refuse operators that do not fit the field', async () => {
    await expectRefused(await get('/api/courses?where[slug][near]=1,2'), 'where.slug.near', /cannot be used/)
    await expectRefused(await get('/api/courses?where[createdAt][like]=2026'), 'where.createdAt.like', /cannot be used/)
    await expectRefused(await get('/api/courses?where[tags][all]=1'), 'where.tags.all', /cannot be used/)
    await expectRefused(await get('/api/enrollments?where[completedLessons][contains]=x'), 'where.completedLessons.contains', /cannot be used/)
    await expectRefused(await get('/api/payload-locked-documents?where[document][equals]=1'), 'where.document.equals', /cannot be used/)
    await expectRefused(await get('/api/courses?where[or]=x'), 'where.or', /list of conditions/)
    await expectRefused(await get('/api/courses?where[slug]=x'), 'where.slug', /operator/)
  })

  it('should refuse, with a 400, conditions inside stored JSON that PostgreSQL could not run', async () => {
    // Each of these was a 500: the adapter writes `contains` as a JSON path operator that does not
    // exist, a position as a key (`$.0`), and a `like` as a regular expression ("+x" does not compile).
    await expectRefused(await get('/api/invoices?where[face.number][contains]=1'), 'where.face.number.contains', /cannot be used/)
    await expectRefused(await get('/api/courses?where[description.root.children][contains]=x'), 'where.description.root.children.contains', /cannot be used/)
    await expectRefused(await get('/api/audit-logs?where[changedFields.0][equals]=status'), 'where.changedFields.0', /by their names/)
    await expectRefused(await get('/api/invoices?where[face.number][like]=%2Bx'), 'where.face.number.like', /pattern inside JSON/)
    await expectRefused(await get('/api/invoices?where[face.seller.name][equals]=a%27b'), 'where.face.seller.name.equals', /Values inside JSON/)
    await expectRefused(await get('/api/invoices?where[face.number][greater_than]=1'), 'where.face.number.greater_than', /cannot be used/)
    await expectRefused(await get('/api/invoices?sort=face.0'), 'sort', /cannot be sorted/)
    await expectRefused(await get('/api/invoices?where[face.number][in]=INV-1'), 'where.face.number.in', /give in a list/)
    // payload_jobs and payload_jobs_log both have an `input` column: the adapter's path named it without its table.
    await expectRefused(await get('/api/payload-jobs?where[log.input.a][equals]=x'), 'where.log.input.a', /list items/)
    await expectRefused(await get('/api/invoices?where[face.number][not_in]=INV-1'), 'where.face.number.not_in', /give not_in a list/)
    // A top-level JSON list is matched whole; its items are not text to search.
    await expectRefused(await get('/api/audit-logs?where[changedFields][contains]=status'), 'where.changedFields.contains', /cannot be used/)
    for (const query of ['where[face.number][equals]=INV-1', 'where[face.number][like]=INV', 'where[face.seller.name][in][0]=a&where[face.seller.name][in][1]=b', 'where[face.number][exists]=true', 'sort=-face.number']) {
      const response = await get(`/api/invoices?${query}`)
      expect(response.status, `${query}: ${await response.clone().text()}`).toBe(200)
    }
  })

  it('should refuse the same over GraphQL', async () => {
    const result = await app.api.graphql('query($w: Course_where) { Courses(where: $w) { totalDocs } }', { w: { slug: { like: 'x\u0000y' } } }, { token })
    expect(result.errors?.[0]?.message).toMatch(/invalid: where\.slug\.like/)
    expect((result.errors?.[0] as { extensions?: { statusCode?: number } }).extensions?.statusCode).toBe(400)
  })

  it('should answer a where that is not JSON, and filters of our own endpoints, with a 400', async () => {
    const malformed = await get('/api/courses?where=%7B')
    expect(malformed.status).toBe(400)
    expect(((await malformed.json()) as ErrorBody).errors[0]?.message).toBe('"where" must be JSON, or given as where[field][operator]=value.')
    await expectRefused(await get('/api/audit-logs/export?action=bogus'), 'where.and.0.action.equals', /one of:/)
    const badDate = await get('/api/audit-logs/export?from=99999-01-01')
    expect(badDate.status).toBe(400)
  })

  it('should still answer well-formed queries', async () => {
    const ok = await app.api.get(`/api/courses?where[tenant][equals]=${school.tenant.id}&where[startsAt][greater_than]=2026-01-01&where[slug][like]=x&sort=-startsAt&limit=5`, { token })
    expect(ok.status).toBe(200)
  })
})

describe('paging and sorting', () => {
  it('should refuse limits, pages and depths out of bounds, REST and GraphQL', async () => {
    for (const [query, path, message] of [
      ['limit=-1&page=-5', 'limit', /limit is a whole number from 1 to 1000/],
      ['limit=0', 'limit', /limit/],
      ['limit=1001', 'limit', /limit/],
      ['page=0', 'page', /page is a whole number/],
      ['page=abc', 'page', /page/],
      ['depth=-1', 'depth', /depth is a whole number from 0 to 10/],
      ['pagination=false', 'limit', /Give a limit/],
      ['draft=maybe', 'draft', /draft is true or false/],
    ] as const) {
      await expectRefused(await get(`/api/courses?${query}`), path, message)
    }
    const gql = await app.api.graphql('{ Courses(limit: -1, page: -5) { totalDocs } }', {}, { token })
    expect(gql.errors?.[0]?.message).toMatch(/limit is a whole number/)
    const byVariable = await app.api.graphql('query($l: Int) { Courses(limit: $l) { totalDocs } }', { l: 0 }, { token })
    expect(byVariable.errors?.[0]?.message).toMatch(/limit is a whole number/)
  })

  it('should refuse sorting by what the database cannot order', async () => {
    await expectRefused(await get('/api/courses?sort=sections.lessons.required'), 'sort', /cannot be sorted by "sections\.lessons\.required"/)
    await expectRefused(await get('/api/users?sort=tenants.suspended'), 'sort', /cannot be sorted/)
    await expectRefused(await get('/api/courses?sort=description'), 'sort', /cannot be sorted/)
    await expectRefused(await get('/api/courses?sort=--title'), 'sort', /field names/)
  })

  it('should let bulk deletes take every match, as the admin panel asks', async () => {
    const response = await app.api.delete('/api/tags?limit=0&where[id][in]=2147483647', { token })
    expect(response.status).toBe(200)
  })
})

describe('routes and IDs', () => {
  it('should answer IDs that cannot exist, missing files and version routes that are not there with 404', async () => {
    for (const id of ['abc', '99999999999999999999', '-1']) {
      const response = await get(`/api/courses/${id}`)
      expect([id, response.status, ((await response.json()) as ErrorBody).errors[0]?.message]).toEqual([id, 404, 'Not Found'])
    }
    const file = await get(`/api/submission-files/file/${'x'.repeat(300)}`)
    expect(file.status).toBe(404)
    expect(((await file.json()) as ErrorBody).errors[0]?.message).toBe('No such file.')
    expect((await get('/api/submission-files/file/not-there.pdf')).status).toBe(404)
    expect((await get('/api/tags/versions')).status).toBe(404)
    expect((await get('/api/payload-migrations')).status).toBe(404)
    // Our own endpoints too, for ids just past what an integer id column holds.
    for (const path of ['courses/2147483648/enroll', 'webhook-endpoints/9999999999/test', 'webhook-deliveries/2147483648/replay', 'enrollments/9999999999/approve', 'submissions/2147483648/grade']) {
      const response = await app.api.post(`/api/${path}`, { token })
      expect([path, response.status]).toEqual([path, 404])
    }
  })

  it('should refuse a write without a JSON body', async () => {
    const response = await app.api.post('/api/tags', { token, rawBody: 'name,slug\nx,y', headers: { 'content-type': 'text/csv' } })
    expect(response.status).toBe(400)
    expect(((await response.json()) as ErrorBody).errors[0]?.data?.errors?.[0]?.message).toMatch(/must be a JSON object/)
  })

  it('should answer a logout that races another of the same session with 409, not 500', async () => {
    const session = await app.api.login(school.student.email, school.student.password)
    const statuses = (await Promise.all([1, 2, 3].map(() => app.api.post('/api/users/logout', { token: session })))).map((r) => r.status)
    expect(statuses).toContain(200)
    expect(statuses.every((s) => s === 200 || s === 409 || s === 400), JSON.stringify(statuses)).toBe(true)
  })
})
