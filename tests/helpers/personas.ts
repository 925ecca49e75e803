import type { Payload } from 'payload'

import type { Tenant, User } from '@/payload-types'

import crypto from 'node:crypto'

export const PASSWORD = 'Correct-horse-9'

export type Persona = User & { password: string }

export type School = {
  tenant: Tenant
  admin: Persona
  instructor: Persona
  student: Persona
  otherStudent: Persona
}

/** A short random suffix so each test file's tenants and people are its own. */
export const uniq = (): string => crypto.randomBytes(3).toString('hex')

type PersonArgs = {
  email: string
  name?: string
  tenants?: User['tenants']
  platformRole?: User['platformRole']
  preferredLocale?: User['preferredLocale']
}

/** Creates a verified person directly, as the platform would (no access control). */
export const createPerson = async (payload: Payload, args: PersonArgs): Promise<Persona> => {
  const user = await payload.create({
    collection: 'users',
    data: { name: args.name ?? args.email.split('@')[0] ?? 'Someone', password: PASSWORD, _verified: true, ...args },
    disableVerificationEmail: true,
    overrideAccess: true,
  })
  return { ...user, password: PASSWORD }
}

/** A tenant with one person in each role, all verified, password PASSWORD. */
export const createSchool = async (
  payload: Payload,
  slug: string,
  overrides: Partial<Tenant> = {},
): Promise<School> => {
  const tenant = await payload.create({
    collection: 'tenants',
    data: {
      name: `School ${slug}`,
      slug,
      defaultLocale: 'en',
      timezone: 'UTC',
      registration: 'closed',
      status: 'active',
      ...overrides,
    },
    overrideAccess: true,
  })
  const person = (local: string, role: 'tenant-admin' | 'instructor' | 'student') =>
    createPerson(payload, { email: `${local}@${slug}.example`, tenants: [{ tenant: tenant.id, roles: [role] }] })
  return {
    tenant,
    admin: await person('admin', 'tenant-admin'),
    instructor: await person('instructor', 'instructor'),
    student: await person('student1', 'student'),
    otherStudent: await person('student2', 'student'),
  }
}

export const createSuperAdmin = (payload: Payload, suffix: string): Promise<Persona> =>
  createPerson(payload, { email: `root-${suffix}@platform.example`, platformRole: 'super-admin' })
