import type { Payload } from 'payload'

import type { Tenant, User } from '@/payload-types'

import { TENANTS, USERS } from '@/shared/slugs'

import { seedDemoCatalog } from './demoCatalog'

export const DEMO_PASSWORD = 'Demo-pass-1'

type DemoTenant = Pick<Tenant, 'name' | 'slug' | 'registration' | 'timezone' | 'defaultLocale'> & {
  displayName: { en: string; ar: string; so: string }
}

const DEMO_TENANTS: DemoTenant[] = [
  {
    name: 'North Academy',
    slug: 'north',
    registration: 'open',
    timezone: 'Africa/Mogadishu',
    defaultLocale: 'so',
    displayName: { en: 'North Academy', ar: 'أكاديمية الشمال', so: 'Akadeemiyada Waqooyi' },
  },
  {
    name: 'South Institute',
    slug: 'south',
    registration: 'closed',
    timezone: 'Africa/Nairobi',
    defaultLocale: 'ar',
    displayName: { en: 'South Institute', ar: 'معهد الجنوب', so: 'Machadka Koonfur' },
  },
]

const PEOPLE = [
  { local: 'admin', name: 'Admin', role: 'tenant-admin' },
  { local: 'instructor', name: 'Instructor', role: 'instructor' },
  { local: 'student1', name: 'Student One', role: 'student' },
  { local: 'student2', name: 'Student Two', role: 'student' },
] as const

export type DemoAccount = { email: string; role: string; tenant?: string }

const findOne = async <T>(payload: Payload, collection: typeof TENANTS | typeof USERS, field: string, value: string) =>
  (await payload.find({ collection, where: { [field]: { equals: value } }, limit: 1, pagination: false, depth: 0, overrideAccess: true }))
    .docs[0] as T | undefined

const ensureUser = async (
  payload: Payload,
  data: Pick<User, 'name' | 'email' | 'platformRole' | 'tenants' | 'preferredLocale'>,
): Promise<void> => {
  if (await findOne<User>(payload, USERS, 'email', data.email)) {
    return
  }
  await payload.create({
    collection: USERS,
    data: { ...data, password: DEMO_PASSWORD, _verified: true },
    disableVerificationEmail: true,
    overrideAccess: true,
  })
}

/**
 * Demo data for `npm run demo`: a platform super-admin and two schools with one
 * person per role and a catalog of courses in English, Arabic and Somali.
 * Running it again adds nothing twice.
 */
export const seedDemo = async (payload: Payload): Promise<DemoAccount[]> => {
  const accounts: DemoAccount[] = [{ email: 'root@aqoon.test', role: 'super-admin' }]
  await ensureUser(payload, { name: 'Platform Root', email: 'root@aqoon.test', platformRole: 'super-admin' })

  for (const spec of DEMO_TENANTS) {
    const { displayName, ...fields } = spec
    let tenant = await findOne<Tenant>(payload, TENANTS, 'slug', spec.slug)
    if (!tenant) {
      tenant = await payload.create({
        collection: TENANTS,
        data: { ...fields, status: 'active', branding: { displayName: displayName.en, primaryColor: '#1a73e8' } },
        locale: 'en',
        overrideAccess: true,
      })
      for (const locale of ['ar', 'so'] as const) {
        await payload.update({
          collection: TENANTS,
          id: tenant.id,
          data: { branding: { displayName: displayName[locale] } },
          locale,
          overrideAccess: true,
        })
      }
    }
    for (const person of PEOPLE) {
      const email = `${person.local}@${spec.slug}.test`
      await ensureUser(payload, {
        name: `${spec.name} ${person.name}`,
        email,
        preferredLocale: spec.defaultLocale,
        tenants: [{ tenant: tenant.id, roles: [person.role] }],
      })
      accounts.push({ email, role: person.role, tenant: spec.slug })
    }
    await seedDemoCatalog(payload, tenant.id, `instructor@${spec.slug}.test`, `student1@${spec.slug}.test`)
  }
  return accounts
}
