import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { generateTypes } from 'payload/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createSchool, type School, uniq } from '../helpers/personas'
import { pendingSchemaChanges } from '../helpers/schema'

let app: TestApp
let school: School

beforeAll(async () => {
  app = await bootApp()
  school = await createSchool(app.payload, `cfg-${uniq()}`)
})

afterAll(() => app.close())

describe('configuration', () => {
  it('should have committed types generated from the current config', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aqoon-types-')), 'payload-types.ts')
    process.env.PAYLOAD_TS_OUTPUT_PATH = out
    try {
      await generateTypes(app.payload.config, { log: false })
    } finally {
      delete process.env.PAYLOAD_TS_OUTPUT_PATH
    }
    const committed = fs.readFileSync(path.resolve('src/payload-types.ts'), 'utf8')
    expect(fs.readFileSync(out, 'utf8'), 'run `npm run generate:types` and commit').toBe(committed)
  })

  it('should have a committed migration for every schema change', async () => {
    expect(await pendingSchemaChanges(app.payload), 'run `npm run migrate:create -- <name>` and commit it').toEqual([])
  })

  it('should localize content into English, right-to-left Arabic and Somali', () => {
    const { localization, i18n } = app.payload.config
    expect(localization && localization.locales.map((l) => [l.code, Boolean(l.rtl)])).toEqual([
      ['en', false],
      ['ar', true],
      ['so', false],
    ])
    expect(localization && localization.defaultLocale).toBe('en')
    expect(Object.keys(i18n.supportedLanguages).sort()).toEqual(['ar', 'en'])
  })

  it('should store and serve localized fields per locale, falling back to English', async () => {
    const token = await app.api.login(school.admin.email, school.admin.password)
    await app.api.patch(`/api/tenants/${school.tenant.id}?locale=en`, { token, body: { branding: { displayName: 'Bright School' } } })
    await app.api.patch(`/api/tenants/${school.tenant.id}?locale=ar`, { token, body: { branding: { displayName: 'المدرسة المشرقة' } } })
    const read = async (locale: string) =>
      ((await (await app.api.get(`/api/tenants/${school.tenant.id}?locale=${locale}`, { token })).json()) as { branding: { displayName: string } }).branding.displayName
    expect(await read('ar')).toBe('المدرسة المشرقة')
    expect(await read('en')).toBe('Bright School')
    expect(await read('so')).toBe('Bright School')
  })

  it('should serve the GraphQL playground only outside production', async () => {
    const { GRAPHQL_PLAYGROUND_GET } = await import('@payloadcms/next/routes')
    const playground = GRAPHQL_PLAYGROUND_GET(Promise.resolve(app.payload.config))
    const request = () => new Request('http://aqoon.test:3000/api/graphql-playground')
    const mode = process.env.NODE_ENV
    try {
      Object.assign(process.env, { NODE_ENV: 'development' })
      expect((await playground(request())).status).toBe(200)
      Object.assign(process.env, { NODE_ENV: 'production' })
      expect((await playground(request())).status).toBe(404)
    } finally {
      Object.assign(process.env, { NODE_ENV: mode })
    }
  })

  it('should answer GraphQL at /api/graphql', async () => {
    const result = await app.api.graphql('{ __typename }')
    expect(result.data).toEqual({ __typename: 'Query' })
  })
})
