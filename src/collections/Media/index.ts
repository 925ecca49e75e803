import type { Access, CollectionConfig, Where } from 'payload'

import path from 'node:path'

import { createInOwnTenant } from '@/access/createInOwnTenant'
import { isSuperAdmin } from '@/access/isSuperAdmin'
import { activeMemberships, tenantsWhereUserIs } from '@/access/memberships'
import { MEDIA } from '@/collections/slugs'
import { settings } from '@/settings'
import { suspendedTenantIds } from '@/tenancy/tenantStatus'

/** Members read their tenant's files; anyone reads files marked public of active tenants. */
const readMedia: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  const suspended = [...(await suspendedTenantIds(req.payload))]
  const publicFiles: Where = {
    and: [{ public: { equals: true } }, ...(suspended.length > 0 ? [{ tenant: { not_in: suspended } }] : [])],
  }
  const mine = (await activeMemberships(req)).map((m) => m.tenantId)
  return mine.length > 0 ? { or: [publicFiles, { tenant: { in: mine } }] } : publicFiles
}

/** Staff of a tenant upload and manage its files. */
const manageMedia: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  const staffOf = await tenantsWhereUserIs(req, ['tenant-admin', 'instructor'])
  return staffOf.length > 0 ? { tenant: { in: staffOf } } : false
}

/** Images owned by one tenant: logos now, course covers later. */
export const Media: CollectionConfig = {
  slug: MEDIA,
  access: { read: readMedia, create: createInOwnTenant(['tenant-admin', 'instructor']), update: manageMedia, delete: manageMedia },
  upload: {
    staticDir: path.join(settings.dataDir, 'media'),
    // PDFs for file lessons; content checks and virus scanning arrive with safe uploads.
    mimeTypes: ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'application/pdf'],
  },
  fields: [
    { name: 'alt', type: 'text', localized: true, maxLength: 300 },
    {
      name: 'public',
      type: 'checkbox',
      defaultValue: false,
      admin: { description: 'Shown to visitors, such as a logo.' },
    },
  ],
}
