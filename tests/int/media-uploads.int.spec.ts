import type { Media } from '@/payload-types'

import type { AddressInfo } from 'node:net'

import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { APIError } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { PDF_MINIMAL, PNG_1X1 } from '../fixtures/files'
import { FORBIDDEN_MESSAGE } from '../helpers/api'
import { bootApp, type TestApp } from '../helpers/boot'
import { type Clamd, EICAR, startClamd } from '../helpers/clamd'
import { createSchool, type Persona, type School, uniq } from '../helpers/personas'

let app: TestApp
let clamd: Clamd
let north: School
let south: School
const id = uniq()
/** Where media lands on disk in tests (AQOON_DATA_DIR is .data/test). */
const STATIC_DIR = path.resolve('.data/test/media')

const INFECTED_PNG = Buffer.concat([PNG_1X1, EICAR])

beforeAll(async () => {
  clamd = await startClamd()
  app = await bootApp({ CLAMD_PORT: String(clamd.port), MEDIA_MAX_FILE_MB: '1' })
  north = await createSchool(app.payload, `media-n-${id}`)
  south = await createSchool(app.payload, `media-s-${id}`)
  earlierFiles = new Set(filesOnDisk())
})

afterAll(async () => {
  await app.close()
  await clamd.stop()
})

const tokenOf = (person: Persona): Promise<string> => app.api.tokenOf(person)

/** A multipart form as the admin panel sends it: the file, and the other fields as `_payload`. */
const mediaForm = (name: string, bytes: Buffer, data: Record<string, unknown>, claimedType = 'application/octet-stream') => {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)], { type: claimedType }), name)
  form.append('_payload', JSON.stringify(data))
  return form
}

const upload = async (person: Persona | undefined, name: string, bytes: Buffer, { data = {}, claimedType }: { data?: Record<string, unknown>; claimedType?: string } = {}) =>
  app.api.post('/api/media', {
    token: person ? await tokenOf(person) : undefined,
    form: mediaForm(name, bytes, { tenant: north.tenant.id, alt: 'probe', ...data }, claimedType),
  })

const uploaded = async (response: Response): Promise<Media> => {
  expect(response.status, await response.clone().text()).toBe(201)
  return ((await response.json()) as { doc: Media }).doc
}

const download = async (doc: Pick<Media, 'url'>, person?: Persona) =>
  app.api.get(doc.url!, { token: person ? await tokenOf(person) : undefined, tenant: north.tenant.slug })

const filesOnDisk = (): string[] => (fs.existsSync(STATIC_DIR) ? fs.readdirSync(STATIC_DIR) : [])

/** Files of earlier runs (the folder outlives the run's database). */
let earlierFiles = new Set<string>()

/** Files this run left on disk that no media document names: stored names are generated, so a leftover shows as an orphan. */
const orphans = async (): Promise<string[]> => {
  const named = new Set(
    (await app.payload.find({ collection: 'media', pagination: false, depth: 0, select: { filename: true }, overrideAccess: true })).docs.map((doc) => doc.filename),
  )
  return filesOnDisk().filter((name) => !named.has(name) && !earlierFiles.has(name))
}

/** Rows uploaded under a name containing `stem`, and orphaned files: what a refused upload must not leave. */
const traces = async (stem: string) => ({
  rows: (await app.payload.count({ collection: 'media', where: { originalName: { contains: stem } }, overrideAccess: true })).totalDocs,
  files: await orphans(),
})

const refusals = async (tenantId: number) =>
  app.payload.find({
    collection: 'audit-logs',
    where: { and: [{ action: { equals: 'upload-refused' } }, { collection: { equals: 'media' } }, { tenants: { contains: tenantId } }] },
    overrideAccess: true,
  })

const message = async (response: Response): Promise<string> => ((await response.json()) as { errors: { message: string }[] }).errors[0]?.message ?? ''

describe('media uploads', () => {
  it('should store a clean image under a generated name with the type its content shows, and serve it as an attachment with nosniff', async () => {
    const doc = await uploaded(await upload(north.admin, `logo-${id}.png`, PNG_1X1, { claimedType: 'text/html' }))
    expect(doc).toMatchObject({ mimeType: 'image/png', filesize: PNG_1X1.length, originalName: `logo-${id}.png` })
    expect(doc.filename).toMatch(/^[0-9a-f-]{36}\.png$/)
    const served = await download(doc, north.instructor)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    expect(served.headers.get('content-disposition')).toBe('attachment')
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG_1X1)).toBe(true)
  })

  it('should store a PDF as application/pdf whatever the client claims, and serve it as an attachment', async () => {
    const doc = await uploaded(await upload(north.instructor, `lesson-${id}.pdf`, PDF_MINIMAL, { claimedType: 'text/html' }))
    expect(doc.mimeType).toBe('application/pdf')
    // Not yet used by any lesson: the school's staff read it, its students do not (see media-access).
    const served = await download(doc, north.admin)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('application/pdf')
    expect(served.headers.get('content-disposition')).toBe('attachment')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('should refuse an infected file naming the signature, store nothing, and audit the refusal', async () => {
    const before = (await refusals(north.tenant.id)).totalDocs
    const response = await upload(north.admin, `infected-${id}.png`, INFECTED_PNG)
    expect(response.status).toBe(422)
    expect(await message(response)).toMatch(/malware \(Aqoon-Test-EICAR/)
    expect(await traces(`infected-${id}`)).toEqual({ rows: 0, files: [] })
    const audit = await refusals(north.tenant.id)
    expect(audit.totalDocs).toBe(before + 1)
    expect(audit.docs[0]).toMatchObject({ actorLabel: north.admin.email })
    expect(audit.docs[0]?.changedFields).toEqual([`infected-${id}.png`, expect.stringMatching(/^Aqoon-Test-EICAR/)])
  })

  it('should refuse types off the list and content that does not match its name with 415, and oversized files with 413', async () => {
    const cases: [string, Buffer, number][] = [
      [`disguised-${id}.png`, PDF_MINIMAL, 415],
      [`fake-${id}.pdf`, Buffer.from('just text pretending to be a PDF'), 415],
      [`vector-${id}.svg`, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 415],
      [`page-${id}.html`, Buffer.from('<html><script>alert(1)</script></html>'), 415],
      [`notes-${id}.txt`, Buffer.from('plain notes'), 415],
      [`huge-${id}.png`, Buffer.concat([PNG_1X1, Buffer.alloc(1_100_000)]), 413],
    ]
    for (const [name, bytes, status] of cases) {
      const response = await upload(north.admin, name, bytes)
      expect(response.status, name).toBe(status)
      expect(await message(response), name).toBeTruthy()
    }
    for (const stem of ['disguised', 'fake', 'vector', 'page', 'notes', 'huge']) {
      expect(await traces(`${stem}-${id}`), stem).toEqual({ rows: 0, files: [] })
    }
  })

  it('should check a replacement file the same way, keeping the stored one when the new one is refused, and keep the file\'s facts when only data changes', async () => {
    const doc = await uploaded(await upload(north.admin, `cover-${id}.png`, PNG_1X1))
    const replace = async (name: string, bytes: Buffer) =>
      app.api.patch(`/api/media/${doc.id}`, { token: await tokenOf(north.admin), form: mediaForm(name, bytes, {}) })
    expect((await replace(`cover-infected-${id}.png`, INFECTED_PNG)).status).toBe(422)
    expect((await replace(`cover-disguised-${id}.pdf`, PNG_1X1)).status).toBe(415)
    const kept = await app.payload.findByID({ collection: 'media', id: doc.id, overrideAccess: true })
    expect(kept).toMatchObject({ filename: doc.filename, mimeType: 'image/png' })
    expect((await download(doc, north.admin)).status).toBe(200)
    expect(await traces(`cover-infected-${id}`)).toEqual({ rows: 0, files: [] })

    const relabelled = await app.api.patch(`/api/media/${doc.id}`, { token: await tokenOf(north.admin), body: { alt: 'relabelled', mimeType: 'text/html', filesize: 1 } })
    expect(relabelled.status).toBe(200)
    expect(((await relabelled.json()) as { doc: Media }).doc).toMatchObject({ alt: 'relabelled', mimeType: 'image/png', filesize: PNG_1X1.length })

    const replaced = await replace(`cover-${id}.pdf`, PDF_MINIMAL)
    expect(replaced.status).toBe(200)
    const replacedDoc = ((await replaced.json()) as { doc: Media }).doc
    expect(replacedDoc).toMatchObject({ originalName: `cover-${id}.pdf`, mimeType: 'application/pdf' })
    expect(replacedDoc.filename).toMatch(/^[0-9a-f-]{36}\.pdf$/)
  })

  it('should duplicate a stored file as a checked copy', async () => {
    const doc = await uploaded(await upload(north.admin, `original-${id}.pdf`, PDF_MINIMAL))
    const copy = await app.api.post(`/api/media/${doc.id}/duplicate`, { token: await tokenOf(north.admin), body: {} })
    expect(copy.status, await copy.clone().text()).toBe(200)
    const duplicate = ((await copy.json()) as { doc: Media }).doc
    expect(duplicate).toMatchObject({ mimeType: 'application/pdf', originalName: `original-${id}.pdf` })
    expect(duplicate.filename).not.toBe(doc.filename)
    expect((await download(duplicate, north.admin)).status).toBe(200)
  })

  it('should check files given to the Local API', async () => {
    const create = (name: string, data: Buffer, mimetype: string) =>
      app.payload.create({ collection: 'media', data: { tenant: north.tenant.id, alt: 'local' }, file: { data, mimetype, name, size: data.length } })
    const status = async (promise: Promise<unknown>) => promise.then(() => 0, (error: unknown) => (error instanceof APIError ? error.status : -1))
    expect(await status(create(`local-infected-${id}.png`, INFECTED_PNG, 'image/png'))).toBe(422)
    expect(await status(create(`local-disguised-${id}.png`, PDF_MINIMAL, 'image/png'))).toBe(415)
    // The multipart parser does not see Local API files; the check's own limit applies.
    expect(await status(create(`local-huge-${id}.pdf`, Buffer.concat([PDF_MINIMAL, Buffer.alloc(1_100_000)]), 'application/pdf'))).toBe(413)
    for (const stem of ['infected', 'disguised', 'huge']) {
      expect(await traces(`local-${stem}-${id}`), stem).toEqual({ rows: 0, files: [] })
    }
    expect((await create(`local-${id}.pdf`, PDF_MINIMAL, 'text/html')).mimeType).toBe('application/pdf')
  })

  it('should create documents from uploaded bytes only, never by fetching an address given in the data', async () => {
    let fetched = 0
    const server = http.createServer((_request, response) => {
      fetched += 1
      response.setHeader('content-type', 'image/png')
      response.end(INFECTED_PNG)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/remote-${id}.png`
    try {
      const token = await tokenOf(north.admin)
      const rest = await app.api.post('/api/media', { token, body: { tenant: north.tenant.id, filename: `remote-${id}.png`, url } })
      expect(rest.status).toBe(400)
      expect(await message(rest)).toMatch(/Send the file itself/)
      const graphql = await app.api.graphql(`mutation { createMedia(data: { tenant: ${north.tenant.id}, filename: "remote-${id}.png", url: "${url}" }) { id } }`, {}, { token })
      expect(graphql.errors?.[0]?.message).toMatch(/Send the file itself/)
    } finally {
      server.close()
    }
    expect(fetched).toBe(0)
    expect(await traces(`remote-${id}`)).toEqual({ rows: 0, files: [] })
  })

  it('should answer 400, not 500, to a storage prefix on the file route', async () => {
    const doc = await uploaded(await upload(north.admin, `prefixed-${id}.png`, PNG_1X1))
    const response = await app.api.get(`${doc.url}?prefix=elsewhere`, { token: await tokenOf(north.admin), tenant: north.tenant.slug })
    expect(response.status).toBe(400)
    expect(await message(response)).toMatch(/prefix/)
  })

  it('should refuse uploads while the scanner is down, storing nothing', async () => {
    await clamd.stop()
    try {
      const response = await upload(north.admin, `unscanned-${id}.png`, PNG_1X1)
      expect(response.status).toBe(503)
      expect(await message(response)).toMatch(/virus/)
    } finally {
      clamd = await startClamd({ port: clamd.port })
    }
    expect(await traces(`unscanned-${id}`)).toEqual({ rows: 0, files: [] })
    expect((await upload(north.admin, `scanned-${id}.png`, PNG_1X1)).status).toBe(201)
  })
})

describe('media from the attacker\'s side', () => {
  let secret: Media
  let logo: Media

  beforeAll(async () => {
    secret = await uploaded(await upload(north.admin, `answers-${id}.pdf`, PDF_MINIMAL, { data: { public: false } }))
    logo = await uploaded(await upload(north.admin, `public-logo-${id}.png`, PNG_1X1))
    // A school's logo is public: anyone reads it.
    await app.payload.update({ collection: 'tenants', id: north.tenant.id, data: { branding: { logo: logo.id } }, overrideAccess: true })
  })

  it('should keep a school\'s non-public files from other schools\' admins and from anonymous visitors', async () => {
    // What each of them may list, so an empty or refused list cannot pass for a filtered one.
    const theirs = await app.payload.create({
      collection: 'media',
      data: { tenant: south.tenant.id, alt: 'south file', public: false },
      file: { data: PNG_1X1, mimetype: 'image/png', name: `south-${id}.png`, size: PNG_1X1.length },
      overrideAccess: true,
    })
    for (const [outsider, listable] of [[south.admin, theirs.id], [undefined, logo.id]] as const) {
      const token = outsider ? await tokenOf(outsider) : undefined
      const who = outsider?.email ?? 'anonymous'
      expect((await app.api.get(`/api/media/${secret.id}`, { token })).status, `${who} reads the document`).toBe(404)
      const downloaded = await download(secret, outsider)
      expect(downloaded.status, `${who} downloads the file`).toBe(403)
      expect(await message(downloaded)).toBe(FORBIDDEN_MESSAGE)
      const listed = await app.api.get('/api/media?limit=100', { token })
      expect(listed.status, `${who} lists`).toBe(200)
      const ids = ((await listed.json()) as { docs: { id: number }[] }).docs.map((d) => d.id)
      expect(ids, who).toContain(listable)
      expect(ids, who).not.toContain(secret.id)
    }
    expect((await download(logo)).status).toBe(200)
  })

  it('should let nobody but the school\'s staff add, replace or delete its files', async () => {
    for (const person of [north.student, south.admin, undefined]) {
      const token = person ? await tokenOf(person) : undefined
      const who = person?.email ?? 'anonymous'
      const attempts: [string, Response][] = [
        ['uploads', await upload(person, `intruder-${id}.png`, PNG_1X1)],
        ['replaces', await app.api.patch(`/api/media/${secret.id}`, { token, form: mediaForm(`intruder-${id}.png`, PNG_1X1, {}) })],
        ['deletes', await app.api.delete(`/api/media/${secret.id}`, { token })],
      ]
      for (const [what, response] of attempts) {
        expect(response.status, `${who} ${what}`).toBe(403)
        expect(await message(response), `${who} ${what}`).toBe(FORBIDDEN_MESSAGE)
      }
    }
    expect(await traces(`intruder-${id}`)).toEqual({ rows: 0, files: [] })
    const kept = await app.payload.findByID({ collection: 'media', id: secret.id, overrideAccess: true })
    expect(kept).toMatchObject({ filename: secret.filename, mimeType: 'application/pdf' })
    expect((await download(secret, north.admin)).status).toBe(200)
  })

  it('should refuse a file from someone who may not upload before scanning it, so their malware leaves no audit entry', async () => {
    const before = (await refusals(north.tenant.id)).totalDocs
    const replace = await app.api.patch(`/api/media/${secret.id}`, { token: await tokenOf(south.admin), form: mediaForm(`foreign-virus-${id}.png`, INFECTED_PNG, {}) })
    for (const response of [await upload(north.student, `student-virus-${id}.png`, INFECTED_PNG), await upload(undefined, `anon-virus-${id}.png`, INFECTED_PNG), replace]) {
      // Refused by access control (not 422 by the scanner).
      expect(response.status).toBe(403)
      expect(await message(response)).toBe(FORBIDDEN_MESSAGE)
    }
    expect((await refusals(north.tenant.id)).totalDocs).toBe(before)
  })
})
