import type { CollectionConfig } from 'payload'

import { manageCatalogEntries, readCatalogEntries } from '@/access/catalogAccess'
import { createInOwnTenant } from '@/access/createInOwnTenant'
import { TAGS } from '@/shared/slugs'
import { tenantSlugField } from '@/fields/tenantSlugField'

/** Free labels a school puts on its courses. */
export const Tags: CollectionConfig = {
  slug: TAGS,
  admin: { useAsTitle: 'name', defaultColumns: ['name', 'slug'] },
  access: {
    read: readCatalogEntries,
    create: createInOwnTenant(TAGS),
    update: manageCatalogEntries(['tenant-admin', 'instructor']),
    delete: manageCatalogEntries(['tenant-admin']),
  },
  indexes: [{ fields: ['tenant', 'slug'], unique: true }],
  fields: [
    { name: 'name', type: 'text', required: true, localized: true, maxLength: 60 },
    tenantSlugField(TAGS),
  ],
}
