import type { Category, Course, Tag } from '@/payload-types'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { type Clamd, startClamd } from '../helpers/clamd'
import { PNG_1X1 } from '../fixtures/files'
import { createCourse } from '../helpers/courses'
import { createSchool, type School, uniq } from '../helpers/personas'

let app: TestApp
let clamd: Clamd
let north: School
let south: School
const id = uniq()

type Result = {
  docs: { id: number; slug: string; title: string; category: { slug: string } | null; tags: { slug: string; name: string }[]; price: unknown; coverUrl: string | null }[]
  totalDocs: number
  totalPages: number
  page: number
  hasNextPage: boolean
  facets: {
    categories: { slug: string; count: number }[]
    tags: { slug: string; count: number }[]
    levels: { value: string; count: number }[]
    languages: { value: string; count: number }[]
    price: { free: number; paid: number }
  }
}

const search = async (query: string, tenant = north.tenant.slug, headers: Record<string, string> = {}) =>
  app.api.get(`/api/catalog?${query}`, { tenant, headers })

const found = async (query: string, tenant?: string): Promise<Result> => {
  const response = await search(query, tenant)
  expect(response.status, query).toBe(200)
  return (await response.json()) as Result
}

const slugs = (result: Result) => result.docs.map((d) => d.slug)

let programming: Course
let science: Category
let physics: Category
let beginnerTag: Tag

/** A course with English, Arabic and Somali titles and summaries. */
const translated = async (slug: string, en: [string, string], ar: [string, string], so: [string, string], data: Partial<Course> = {}) => {
  const course = await createCourse(app.payload, north.tenant.id, { slug, title: en[0], summary: en[1], ...data })
  await app.payload.update({ collection: 'courses', id: course.id, locale: 'ar', data: { title: ar[0], summary: ar[1] }, overrideAccess: true })
  await app.payload.update({ collection: 'courses', id: course.id, locale: 'so', data: { title: so[0], summary: so[1] }, overrideAccess: true })
  return course
}

beforeAll(async () => {
  // Course covers are media, and every media file is scanned.
  clamd = await startClamd()
  app = await bootApp({ CLAMD_PORT: String(clamd.port) })
  north = await createSchool(app.payload, `cat-search-n-${id}`)
  south = await createSchool(app.payload, `cat-search-s-${id}`)
  const make = <T>(collection: 'categories' | 'tags', data: Record<string, unknown>) =>
    app.payload.create({ collection, data: { tenant: north.tenant.id, ...data }, overrideAccess: true } as never) as Promise<T>
  science = await make<Category>('categories', { name: 'Science', slug: 'science' })
  physics = await make<Category>('categories', { name: 'Physics', slug: 'physics', parent: science.id })
  const arts = await make<Category>('categories', { name: 'Arts', slug: 'arts' })
  beginnerTag = await make<Tag>('tags', { name: 'Beginner friendly', slug: 'beginner-friendly' })
  await app.payload.update({ collection: 'tags', id: beginnerTag.id, locale: 'ar', data: { name: 'مناسب للمبتدئين' }, overrideAccess: true })
  const lab = await make<Tag>('tags', { name: 'Lab', slug: 'lab' })

  programming = await translated(
    'programming',
    ['Introduction to programming', 'Write your first programs in Python'],
    ['مقدمة في البرمجة', 'اكتب برامجك الأولى بلغة بايثون'],
    ['Hordhac barnaamijyada', 'Qor barnaamijyadaada ugu horreeya ee Python'],
    { level: 'beginner', category: science.id, tags: [beginnerTag.id], startsAt: '2027-01-10T00:00:00.000Z' },
  )
  await translated(
    'quantum',
    ['Quantum physics', 'Waves, particles and measurement'],
    ['الفيزياء الكمية', 'الموجات والجسيمات والقياس'],
    ['Fiisigiska kaantamka', 'Mowjadaha iyo qaybaha yaryar'],
    { level: 'advanced', category: physics.id, tags: [lab.id], enrollmentPolicy: 'paid', price: { amount: 4900, currency: 'USD' }, startsAt: '2027-03-01T00:00:00.000Z' },
  )
  await translated(
    'painting',
    ['Watercolour painting', 'Colour, light and programming-free fun'],
    ['الرسم بالألوان المائية', 'اللون والضوء'],
    ['Sawir gacmeed', 'Midabada iyo iftiinka'],
    { level: 'beginner', category: arts.id, tags: [beginnerTag.id, lab.id], language: 'ar', startsAt: '2027-02-01T00:00:00.000Z' },
  )
  // Never in the catalog: a draft, an archived course, and another school's course.
  await createCourse(app.payload, north.tenant.id, { slug: 'draft-programming', title: 'Secret programming draft', draft: true })
  await createCourse(app.payload, north.tenant.id, { slug: 'old-programming', title: 'Old programming course', archived: true })
  await createCourse(app.payload, south.tenant.id, { slug: 'south-programming', title: 'Programming in the south' })
})

afterAll(async () => {
  await app.close()
  await clamd.stop()
})

describe('catalog search', () => {
  it('should find courses by words in English, Arabic and Somali', async () => {
    expect(slugs(await found('q=programs&locale=en'))).toContain('programming')
    // Arabic: without the article, and with a different spelling of the final letter.
    const arabic = await found(`q=${encodeURIComponent('برمجه')}&locale=ar`)
    expect(slugs(arabic)).toEqual(['programming'])
    expect(arabic.docs[0]?.title).toBe('مقدمة في البرمجة')
    expect(slugs(await found(`q=${encodeURIComponent('الفيزياء')}&locale=ar`))).toEqual(['quantum'])
    expect(slugs(await found('q=barnaamij&locale=so'))).toEqual(['programming'])
    expect(slugs(await found('q=Mowjadaha&locale=so'))).toEqual(['quantum'])
    expect((await found('q=nothingmatcheshere&locale=en')).totalDocs).toBe(0)
  })

  it('should list only the school\'s published, non-archived courses', async () => {
    const all = await found('limit=50')
    expect(slugs(all).sort()).toEqual(['painting', 'programming', 'quantum'])
    expect(slugs(await found('limit=50', south.tenant.slug))).toEqual(['south-programming'])
  })

  it('should filter by category with its descendants, tags, level, language, price and start date', async () => {
    expect(slugs(await found('category=science')).sort()).toEqual(['programming', 'quantum'])
    expect(slugs(await found('category=physics'))).toEqual(['quantum'])
    expect(slugs(await found('tags=beginner-friendly')).sort()).toEqual(['painting', 'programming'])
    expect(slugs(await found('level=advanced'))).toEqual(['quantum'])
    expect(slugs(await found('language=ar'))).toEqual(['painting'])
    expect(slugs(await found('price=paid'))).toEqual(['quantum'])
    expect(slugs(await found('price=free')).sort()).toEqual(['painting', 'programming'])
    expect(slugs(await found('startsFrom=2027-02-01&startsBefore=2027-04-01')).sort()).toEqual(['painting', 'quantum'])
    expect(slugs(await found('q=programming&category=science&locale=en'))).toEqual(['programming'])
  })

  it('should sort by relevance, start date, title and newest', async () => {
    expect(slugs(await found('sort=start'))).toEqual(['programming', 'painting', 'quantum'])
    expect(slugs(await found('sort=title&locale=en'))).toEqual(['programming', 'quantum', 'painting'])
    expect(slugs(await found('sort=newest'))).toEqual(['painting', 'quantum', 'programming'])
    // "programming" is in the title of one course and only in the summary of another.
    expect(slugs(await found('q=programming&locale=en'))).toEqual(['programming', 'painting'])
  })

  it('should count facets over the matching courses and page through them', async () => {
    const all = await found('locale=ar')
    expect(all.facets.price).toEqual({ free: 2, paid: 1 })
    expect(all.facets.levels).toEqual([
      { value: 'beginner', count: 2 },
      { value: 'advanced', count: 1 },
    ])
    expect(all.facets.tags.find((t) => t.slug === 'beginner-friendly')).toMatchObject({ count: 2, name: 'مناسب للمبتدئين' })
    expect(all.facets.categories.map((c) => c.slug).sort()).toEqual(['arts', 'physics', 'science'])
    const filtered = await found('level=beginner')
    expect(filtered.facets.levels).toEqual([{ value: 'beginner', count: 2 }])

    const first = await found('sort=start&limit=2&page=1')
    expect(first).toMatchObject({ totalDocs: 3, totalPages: 2, page: 1, hasNextPage: true })
    expect(slugs(first)).toEqual(['programming', 'painting'])
    expect(slugs(await found('sort=start&limit=2&page=2'))).toEqual(['quantum'])
  })

  it('should answer 304 to a matching ETag until the catalog changes', async () => {
    const first = await search('q=programming&locale=en')
    const etag = first.headers.get('etag')
    expect(etag).toMatch(/^W\/".+"$/)
    expect(first.headers.get('cache-control')).toContain('no-cache')
    const again = await search('q=programming&locale=en', north.tenant.slug, { 'if-none-match': etag! })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    // Another query, another tag.
    expect((await search('q=physics&locale=en')).headers.get('etag')).not.toBe(etag)

    await app.payload.update({ collection: 'courses', id: programming.id, data: { title: 'Introduction to programming, revised' }, overrideAccess: true })
    const changed = await search('q=programming&locale=en', north.tenant.slug, { 'if-none-match': etag! })
    expect(changed.status).toBe(200)
    expect(((await changed.json()) as Result).docs[0]?.title).toBe('Introduction to programming, revised')
  })

  it('should refuse bad parameters with a 400 naming them, and answer only for a known school', async () => {
    for (const [query, path] of [
      ['level=expert', 'level'],
      ['sort=random', 'sort'],
      ['limit=500', 'limit'],
      ['page=0', 'page'],
      ['startsFrom=yesterday', 'startsFrom'],
      ['tags=Not A Slug', 'tags'],
      ['unknown=1', 'unknown'],
      [`q=${'x'.repeat(201)}`, 'q'],
    ]) {
      const response = await search(query!)
      expect(response.status, query).toBe(400)
      const body = (await response.json()) as { errors: { data?: { errors?: { path: string }[] } }[] }
      expect(body.errors[0]?.data?.errors?.[0]?.path, query).toBe(path)
    }
    expect((await app.api.get('/api/catalog')).status).toBe(400)
    expect((await app.api.get('/api/catalog', { tenant: 'no-such-school' })).status).toBe(404)
    // Search syntax is data, never SQL or tsquery syntax.
    expect((await found(`q=${encodeURIComponent("' & | ! :* ) ( -- ;")}`)).totalDocs).toBe(3)
  })

  it('should give the same answer over GraphQL', async () => {
    const query = `query ($q: String, $locale: String, $tags: [String!]) {
      Catalog(q: $q, locale: $locale, tags: $tags, sort: relevance) {
        totalDocs docs { slug title tags { slug name } price { amount currency } }
        facets { price { free paid } levels { value count } }
      }
    }`
    const result = await app.api.graphql(query, { q: 'برمجة', locale: 'ar', tags: ['beginner-friendly'] }, { tenant: north.tenant.slug })
    expect(result.errors).toBeUndefined()
    const catalog = result.data?.Catalog as { totalDocs: number; docs: { slug: string; title: string }[] }
    expect(catalog.totalDocs).toBe(1)
    expect(catalog.docs[0]).toMatchObject({ slug: 'programming', title: 'مقدمة في البرمجة' })
    const bad = await app.api.graphql('{ Catalog(level: "expert") { totalDocs } }', {}, { tenant: north.tenant.slug })
    expect(bad.errors?.map((e) => e.message)).toEqual(['The following field is invalid: level'])
    const nowhere = await app.api.graphql('{ Catalog { totalDocs } }')
    expect(nowhere.errors?.[0]?.message).toMatch(/school/)
  })
})

describe('covers', () => {
  it('should show a published course\'s cover to visitors, and refuse another school\'s image', async () => {
    const image = (school: School) =>
      app.payload.create({
        collection: 'media',
        data: { tenant: school.tenant.id, alt: 'cover', public: false },
        file: { data: PNG_1X1, mimetype: 'image/png', name: `cover-${uniq()}.png`, size: PNG_1X1.length },
        overrideAccess: true,
      })
    const cover = await image(north)
    const course = await createCourse(app.payload, north.tenant.id, { slug: `covered-${id}`, title: 'Covered course', cover: cover.id })
    const result = await found(`q=covered&locale=en`)
    const url = result.docs.find((d) => d.id === course.id)?.coverUrl
    expect(url).toMatch(/^\/api\/media\/file\//)
    expect((await app.api.get(url!, { tenant: north.tenant.slug })).status).toBe(200)

    const foreign = await image(south)
    const token = await app.api.login(north.admin.email, north.admin.password)
    const refused = await app.api.patch(`/api/courses/${course.id}`, { token, body: { cover: foreign.id } })
    expect(refused.status).toBe(400)
    const untouched = await app.payload.findByID({ collection: 'media', id: foreign.id, overrideAccess: true })
    expect(untouched.public).toBe(false)
  })
})
