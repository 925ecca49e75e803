/**
 * The two people the admin benchmark signs in as, made through the Local API (so their
 * passwords are hashed as Payload hashes them) in a process of its own: a super-admin, who
 * sees every school, and a tenant-admin of the first bench school. Writes them as JSON to
 * the file named by the first argument. Run by run.ts with DATABASE_URI set.
 */
import config from '@payload-config'
import fs from 'node:fs'
import { getPayload } from 'payload'

import { TENANTS } from '@/shared/slugs'

import { createPerson, createSuperAdmin } from '../../tests/helpers/personas'
import { tenantSlug } from '../catalog/seed'

export type BenchPerson = { email: string; password: string }

export type Personas = {
  superAdmin: BenchPerson
  schoolAdmin: BenchPerson & { tenant: { id: number; slug: string } }
}

const output = process.argv[2]
if (!output) {
  throw new Error('usage: personas.ts <personas.json>')
}

const payload = await getPayload({ config })
try {
  const slug = tenantSlug(0)
  const found = await payload.find({ collection: TENANTS, where: { slug: { equals: slug } }, limit: 1, depth: 0, overrideAccess: true })
  const tenant = found.docs[0]
  if (!tenant) {
    throw new Error(`No school ${slug}: seed the schools first.`)
  }
  const root = await createSuperAdmin(payload, 'bench-admin')
  const admin = await createPerson(payload, { email: `admin@${slug}.example`, name: `Admin of ${tenant.name}`, tenants: [{ tenant: tenant.id, roles: ['tenant-admin'] }] })
  const personas: Personas = {
    superAdmin: { email: root.email, password: root.password },
    schoolAdmin: { email: admin.email, password: admin.password, tenant: { id: tenant.id, slug } },
  }
  fs.writeFileSync(output, `${JSON.stringify(personas, null, 2)}\n`)
} finally {
  await payload.destroy()
}
process.exit(0)
