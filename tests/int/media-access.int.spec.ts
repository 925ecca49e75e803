import type { Media } from '@/payload-types'

import { createLocalReq } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { PDF_MINIMAL, PNG_1X1 } from '../fixtures/files'
import { FORBIDDEN_MESSAGE } from '../helpers/api'
import { bootApp, type TestApp } from '../helpers/boot'
import { type Clamd, startClamd } from '../helpers/clamd'
import { createCourse, lesson } from '../helpers/courses'
import { createPerson, createSchool, type Persona, type School, uniq } from '../helpers/personas'

let app: TestApp
let clamd: Clamd
let north: School
let south: School
const id = uniq()

const file = async (tenantId: number, kind: 'png' | 'pdf' = 'png'): Promise<Media> =>
  app.payload.create({
    collection: 'media',
    data: { tenant: tenantId, alt: kind },
    file: kind === 'png'
      ? { data: PNG_1X1, mimetype: 'image/png', name: `m-${uniq()}.png`, size: PNG_1X1.length }
      : { data: PDF_MINIMAL, mimetype: 'application/pdf', name: `m-${uniq()}.pdf`, size: PDF_MINIMAL.length },
    overrideAccess: true,
  })

/** Which of these files a person (or an anonymous visitor) can list, read and download. */
const visible = async (files: Media[], person?: Persona): Promise<number[]> => {
  const token = person ? await app.api.tokenOf(person) : undefined
  const listed = (await (await app.api.get(`/api/media?limit=1000&depth=0&where[id][in]=${files.map((f) => f.id).join(',')}`, { token })).json()) as { docs: Media[] }
  const seen: number[] = []
  for (const doc of files) {
    const read = await app.api.get(`/api/media/${doc.id}`, { token })
    const downloaded = await app.api.get(doc.url!, { token, tenant: north.tenant.slug })
    const inList = listed.docs.some((d) => d.id === doc.id)
    // The three answers agree: a file is readable everywhere, or refused everywhere, each refusal
    // with its own status (a 500 is no refusal): the document is not found, the file forbidden.
    if (read.status === 200) {
      expect([downloaded.status, inList], `file ${doc.id}`).toEqual([200, true])
      seen.push(doc.id)
    } else {
      expect({ read: read.status, downloaded: downloaded.status, inList }, `file ${doc.id}`).toEqual({ read: 404, downloaded: 403, inList: false })
      expect((await read.json()) as unknown, `file ${doc.id}`).toEqual({ errors: [{ name: 'NotFound', message: 'Not Found' }] })
      expect((await downloaded.json()) as unknown, `file ${doc.id}`).toEqual({ errors: [{ name: 'Forbidden', message: FORBIDDEN_MESSAGE }] })
    }
  }
  return seen
}

let logo: Media
let cover: Media
let draftCover: Media
let paidLesson: Media
let openLesson: Media
let lockedLesson: Media
let inlineImage: Media
let staffOnly: Media
let all: Media[]
let learner: Persona

beforeAll(async () => {
  clamd = await startClamd()
  app = await bootApp({ CLAMD_PORT: String(clamd.port) })
  north = await createSchool(app.payload, `ma-n-${id}`)
  south = await createSchool(app.payload, `ma-s-${id}`)
  ;[logo, cover, draftCover, paidLesson, openLesson, lockedLesson, inlineImage, staffOnly] = await Promise.all([
    file(north.tenant.id), file(north.tenant.id), file(north.tenant.id), file(north.tenant.id, 'pdf'),
    file(north.tenant.id, 'pdf'), file(north.tenant.id, 'pdf'), file(north.tenant.id), file(north.tenant.id),
  ])
  all = [logo, cover, draftCover, paidLesson, openLesson, lockedLesson, inlineImage, staffOnly]
  await app.payload.update({ collection: 'tenants', id: north.tenant.id, data: { branding: { logo: logo.id } }, overrideAccess: true })
  const imageText = { root: { type: 'root', version: 1, direction: null, format: '', indent: 0, children: [{ type: 'upload', version: 3, format: '', relationTo: 'media', value: inlineImage.id, fields: null }] } }
  await createCourse(app.payload, north.tenant.id, {
    cover: cover.id,
    sections: [
      {
        title: 'Files',
        lessons: [
          lesson('Open', { type: 'file', file: openLesson.id }),
          lesson('Later', { type: 'file', file: lockedLesson.id, releaseAfterDays: 7 }),
          lesson('Pictured', { body: imageText }),
        ],
      },
    ],
    slug: `open-${id}`,
  })
  await createCourse(app.payload, north.tenant.id, { cover: draftCover.id, draft: true })
  await createCourse(app.payload, north.tenant.id, {
    enrollmentPolicy: 'paid',
    price: { amount: 1000, currency: 'USD' },
    sections: [{ title: 'Paid', lessons: [lesson('Paid file', { type: 'file', file: paidLesson.id })] }],
  })
  learner = await createPerson(app.payload, { email: `learner-${id}@ma.example`, tenants: [{ tenant: north.tenant.id, roles: ['student'] }] })
  const openCourse = (await app.payload.find({ collection: 'courses', where: { slug: { equals: `open-${id}` } }, overrideAccess: true })).docs[0]!
  await app.payload.create({ collection: 'enrollments', data: { user: learner.id, course: openCourse.id, status: 'active', source: 'staff' }, overrideAccess: true })
})

afterAll(async () => {
  await app.close()
  await clamd.stop()
})

describe('who reads a file', () => {
  it("should show anyone the school's logo and its published courses' covers, nothing else", async () => {
    expect(await visible(all)).toEqual([logo.id, cover.id])
    expect(await visible(all, south.admin)).toEqual([logo.id, cover.id])
  })

  it('should show a member who studies nothing the same as a visitor: no lesson files, no draft covers', async () => {
    expect(await visible(all, north.student)).toEqual([logo.id, cover.id])
  })

  it('should show an enrolled student the files of the lessons open to them, not those still locked', async () => {
    expect(await visible(all, learner)).toEqual([logo.id, cover.id, openLesson.id, inlineImage.id])
  })

  it("should leave the request's locale alone: the lesson lookup in every locale stays inside the access rule", async () => {
    // The admin panel resolves a page's locale, then checks every collection's access on the same request.
    const user = { ...(await app.payload.findByID({ collection: 'users', id: learner.id, overrideAccess: true })), collection: 'users' as const }
    const req = await createLocalReq({ user, locale: 'ar' }, app.payload)
    const found = await app.payload.find({ collection: 'media', where: { id: { equals: openLesson.id } }, depth: 0, overrideAccess: false, req })
    expect(found.docs.map((doc) => doc.id)).toEqual([openLesson.id])
    expect(req.locale).toBe('ar')
  })

  it('should open no lesson file through a suspended membership', async () => {
    const openCourse = (await app.payload.find({ collection: 'courses', where: { slug: { equals: `open-${id}` } }, overrideAccess: true })).docs[0]!
    const twice = await createPerson(app.payload, {
      email: `suspended-${id}@ma.example`,
      tenants: [
        { tenant: north.tenant.id, roles: ['student'] },
        { tenant: south.tenant.id, roles: ['student'] },
      ],
    })
    await app.payload.create({ collection: 'enrollments', data: { user: twice.id, course: openCourse.id, status: 'active', source: 'staff' }, overrideAccess: true })
    await app.payload.update({ collection: 'users', id: twice.id, data: { tenants: [{ tenant: north.tenant.id, roles: ['student'], suspended: true }, { tenant: south.tenant.id, roles: ['student'] }] }, overrideAccess: true })
    expect(await visible(all, twice)).toEqual([logo.id, cover.id])
  })

  it("should show the school's staff all of its files", async () => {
    expect(await visible(all, north.instructor)).toEqual(all.map((f) => f.id))
    expect(await visible(all, north.admin)).toEqual(all.map((f) => f.id))
  })

  it('should follow the course and the logo: unpublished covers and replaced logos go back to the school', async () => {
    const course = (await app.payload.find({ collection: 'courses', where: { slug: { equals: `open-${id}` } }, overrideAccess: true })).docs[0]!
    const token = await app.api.tokenOf(north.admin)
    expect((await app.api.patch(`/api/courses/${course.id}`, { token, body: { archived: true } })).status).toBe(200)
    const newLogo = await file(north.tenant.id)
    expect((await app.api.patch(`/api/tenants/${north.tenant.id}`, { token, body: { branding: { logo: newLogo.id } } })).status).toBe(200)
    expect(await visible([...all, newLogo])).toEqual([newLogo.id])
    expect((await app.api.patch(`/api/courses/${course.id}`, { token, body: { archived: false } })).status).toBe(200)
    expect(await visible([...all, newLogo])).toEqual([cover.id, newLogo.id])
  })

  it('should not let staff make a file public by hand', async () => {
    const token = await app.api.tokenOf(north.admin)
    expect((await app.api.patch(`/api/media/${staffOnly.id}`, { token, body: { public: true } })).status).toBe(200)
    expect((await app.payload.findByID({ collection: 'media', id: staffOnly.id, overrideAccess: true })).public).toBe(false)
    expect(await visible([staffOnly])).toEqual([])
  })
})
