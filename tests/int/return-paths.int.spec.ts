import type * as ReturnPaths from '@/http/safeReturnPath'
import type { TenantResolution } from '@/tenancy/resolveTenant'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { bootApp, type TestApp } from '../helpers/boot'
import { createSchool, type School, uniq } from '../helpers/personas'

let app: TestApp
let school: School
let other: School
let forTenant: TenantResolution
let safeReturnPath: typeof ReturnPaths.safeReturnPath
const platform: TenantResolution = { kind: 'platform' }
const id = uniq()
const customDomain = `learn-${id}.example.org`

beforeAll(async () => {
  // A platform on HTTPS, as in production, with one separate front end.
  app = await bootApp({ SERVER_URL: 'https://aqoon.test', CORS_ORIGINS: 'https://front.example' })
  // Imported once the environment is set: settings read CORS_ORIGINS when first loaded.
  ;({ safeReturnPath } = await import('@/http/safeReturnPath'))
  school = await createSchool(app.payload, `rp-${id}`)
  other = await createSchool(app.payload, `rp-other-${id}`)
  const tenant = await app.payload.update({
    collection: 'tenants',
    id: school.tenant.id,
    data: { domains: [{ domain: customDomain }] },
    overrideAccess: true,
  })
  forTenant = { kind: 'tenant', tenant }
})

afterAll(() => app.close())

describe('return addresses after sign-in', () => {
  it('should accept paths and addresses on allowed origins, normalised', () => {
    const slug = school.tenant.slug
    const accepted: [string | null, string][] = [
      [null, '/'],
      ['', '/'],
      ['/', '/'],
      ['/ok?x=1#y', '/ok?x=1#y'],
      ['/learn?school=north&locale=ar', '/learn?school=north&locale=ar'],
      ['/learn/courses/../catalog', '/learn/catalog'],
      ['/learn/دورة', '/learn/%D8%AF%D9%88%D8%B1%D8%A9'],
      ['courses', '/courses'],
      // An encoded slash inside a segment makes no second slash.
      ['/files/a%2Fb', '/files/a%2Fb'],
      ['/x?next=%2F%2Fevil.example', '/x?next=%2F%2Fevil.example'],
      // The platform's own origin, however written, becomes a path.
      ['https://aqoon.test/admin', '/admin'],
      ['HTTPS://AQOON.TEST:443/admin#top', '/admin#top'],
      ['//aqoon.test/learn', '/learn'],
      [`https://${slug}.aqoon.test/learn?x=1`, `https://${slug}.aqoon.test/learn?x=1`],
      [`https://${customDomain}/courses/intro#lesson-2`, `https://${customDomain}/courses/intro#lesson-2`],
      [`https://${customDomain.toUpperCase()}/x`, `https://${customDomain}/x`],
      ['https://front.example/after', 'https://front.example/after'],
    ]
    for (const [value, expected] of accepted) {
      expect(safeReturnPath(value, forTenant), JSON.stringify(value)).toBe(expected)
    }
  })

  it('should refuse anything a browser would read as another site, and anything unsafe in a header', () => {
    const refused = [
      // Other sites, however written.
      'http://evil.com',
      'https://evil.com/',
      '//evil.com',
      '///evil.com',
      '/\\evil.com',
      '\\\\evil.com',
      '/\\/evil.com',
      'https://aqoon.test.evil.com/',
      'https://aqoon.test@evil.com/',
      'https://evil.com\\@aqoon.test',
      'https://evil.com#@aqoon.test',
      'https://user:secret@aqoon.test/',
      // Browsers drop tabs and newlines: these are "//evil.com".
      '/\t/evil.com',
      '/\n/evil.com',
      '/\r\n/evil.com',
      '\t//evil.com',
      // Control characters, whitespace and invisible characters anywhere.
      '\u0000',
      '/x\u0000',
      '/x\n',
      '\n/x',
      '/x\r\nSet-Cookie: a=b',
      '/x\u007f',
      '/x\u0085',
      '/x y',
      ' /x',
      '/x\u00a0',
      '/x\u2028',
      '/\u200b/evil.com',
      '/x\u202e',
      '/x\ufeff',
      // Encoded slashes or backslashes making a second slash, and dot segments doing the same.
      '/%2f%2fevil.com',
      '/%2F/evil.com',
      '/%2fevil.com',
      '/%5cevil.com',
      '/%5C%5Cevil.com',
      '/%5c/evil.com',
      '/.//evil.com',
      '/a/..//evil.com',
      '/learn//x',
      // Not web addresses.
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'mailto:someone@aqoon.test',
      // The right host on the wrong scheme or port is another origin.
      'http://aqoon.test/admin',
      'https://aqoon.test:8443/admin',
      `http://${customDomain}/`,
      // Another school's addresses, and addresses too long to be honest.
      `https://${other.tenant.slug}.aqoon.test/`,
      `/${'a'.repeat(2000)}`,
    ]
    for (const value of refused) {
      expect(safeReturnPath(value, forTenant), JSON.stringify(value)).toBeUndefined()
    }
  })

  it("should accept a school's addresses only when the sign-in is for that school", () => {
    expect(safeReturnPath(`https://${customDomain}/x`, platform)).toBeUndefined()
    expect(safeReturnPath(`https://${school.tenant.slug}.aqoon.test/x`, platform)).toBeUndefined()
    expect(safeReturnPath('https://front.example/x', platform)).toBe('https://front.example/x')
    expect(safeReturnPath('/x', platform)).toBe('/x')
  })
})
