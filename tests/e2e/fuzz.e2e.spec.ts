import { expect, test } from '@playwright/test'
import fs from 'node:fs'

import type { Manifest } from '../fuzz/manifest'

import { type Case, fuzzCases } from '../fuzz/cases'
import { type Answer, runFuzz } from '../fuzz/judge'
import { MANIFEST_FILE, readFixtures, SERVER_LOG } from './fixtures'

/**
 * Malformed input against the production build, generated from the config: every collection x
 * field x `where` operator with malformed values, sort and paging, malformed IDs and writes,
 * GraphQL arguments, and every endpoint's path, query and body, as the platform operator (who
 * reaches every check) and as a visitor. No answer may be a 5xx, and every 4xx must carry its
 * real message (not "Something went wrong."), an unmangled error name and, for a field error,
 * the path of each field it concerns; none is logged as a server error (the operator's error log
 * is for the server's faults). A collection, field or endpoint added later is fuzzed without
 * touching this file.
 */
test('malformed input of every kind answers 4xx with its real message, never 5xx', async ({ request, baseURL }) => {
  test.setTimeout(15 * 60_000)
  const { manifest, existing } = JSON.parse(fs.readFileSync(MANIFEST_FILE, 'utf8')) as { manifest: Manifest; existing: Record<string, number> }
  const fixtures = readFixtures()
  const login = await request.post('/api/users/login', { data: { email: fixtures.operator.email, password: fixtures.password } })
  expect(login.status()).toBe(200)
  const token = ((await login.json()) as { token: string }).token
  const cases = fuzzCases(manifest, existing)
  expect(cases.length).toBeGreaterThan(5_000)

  const send = async (fuzz: Case): Promise<Answer> => {
    const headers: Record<string, string> = fuzz.as === 'root' ? { authorization: `JWT ${token}` } : {}
    let body: string | undefined
    if (fuzz.graphql) {
      body = JSON.stringify(fuzz.graphql)
      headers['content-type'] = 'application/json'
    } else if (fuzz.raw) {
      body = fuzz.raw.text
      headers['content-type'] = fuzz.raw.type
    } else if (fuzz.body !== undefined) {
      body = JSON.stringify(fuzz.body)
      headers['content-type'] = 'application/json'
    }
    // Plain fetch: the paths are sent exactly as generated, escapes and all.
    const response = await fetch(`${baseURL}${fuzz.graphql ? '/api/graphql' : fuzz.path}`, { method: fuzz.graphql ? 'POST' : fuzz.method, headers, body, redirect: 'manual' })
    return { status: response.status, body: await response.text() }
  }

  const logStart = fs.statSync(SERVER_LOG).size
  const started = Date.now()
  const failures = await runFuzz(cases, send, 8)
  console.log(`[fuzz] ${cases.length} requests in ${Math.round((Date.now() - started) / 1000)} s, ${failures.length} wrong`)
  expect(failures.slice(0, 25), `${failures.length} of ${cases.length} answers broke the rules`).toEqual([])
  const loggedAsErrors = fs
    .readFileSync(SERVER_LOG)
    .subarray(logStart)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg?: string; err?: { type?: string; message?: string } })
    .filter((entry) => entry.level >= 50)
    .map((entry) => entry.err?.message ?? entry.msg)
  expect(loggedAsErrors.slice(0, 10), `${loggedAsErrors.length} client mistakes were logged as server errors`).toEqual([])
})

/**
 * The fuzz cases provoke field errors as they happen to; these are provoked on purpose, so a
 * production build that dropped the field from an error fails here by name: Payload's own field
 * validation, a custom endpoint's parameters, and the same over GraphQL.
 */
test('a validation error names the field it concerns, over REST and GraphQL', async ({ request }) => {
  const fixtures = readFixtures()
  const login = await request.post('/api/users/login', { data: { email: fixtures.operator.email, password: fixtures.password } })
  expect(login.status()).toBe(200)
  const token = ((await login.json()) as { token: string }).token
  const fieldError = (path: string) => ({
    name: 'ValidationError',
    message: `The following field is invalid: ${path}`,
    data: { errors: [{ path, message: expect.stringMatching(/\w/) }] },
  })

  const write = await request.patch(`/api/users/${fixtures.operator.id}`, { headers: { authorization: `JWT ${token}` }, data: { email: 'not-an-email' } })
  expect(write.status()).toBe(400)
  expect(await write.json()).toMatchObject({ errors: [fieldError('email')] })

  const tenant = { 'x-tenant': fixtures.north.tenant.slug }
  const catalog = await request.get('/api/catalog?level=expert', { headers: tenant })
  expect(catalog.status()).toBe(400)
  expect(await catalog.json()).toMatchObject({ errors: [fieldError('level')] })

  const graphql = await request.post('/api/graphql', { headers: tenant, data: { query: '{ Catalog(level: "expert") { totalDocs } }' } })
  const { name, message, data } = fieldError('level')
  expect(await graphql.json()).toMatchObject({ errors: [{ message, extensions: { name, statusCode: 400, data } }] })
})
