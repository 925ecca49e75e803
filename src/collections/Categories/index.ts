import type { CollectionConfig } from 'payload'

import { manageCatalogEntries, readCatalogEntries } from '@/access/catalogAccess'
import { createInOwnTenant } from '@/access/createInOwnTenant'
import { CATEGORIES } from '@/shared/slugs'
import { tenantSlugField } from '@/fields/tenantSlugField'

import { checkParent } from './hooks/checkParent'

/** A school's course categories, nested through `parent`. */
export const Categories: CollectionConfig = {
  slug: CATEGORIES,
  labels: { singular: 'Category', plural: 'Categories' },
  admin: { useAsTitle: 'name', defaultColumns: ['name', 'slug', 'parent'] },
  access: {
    read: readCatalogEntries,
    create: createInOwnTenant(CATEGORIES),
    update: manageCatalogEntries(['tenant-admin']),
    delete: manageCatalogEntries(['tenant-admin']),
  },
  indexes: [{ fields: ['tenant', 'slug'], unique: true }],
  hooks: { beforeValidate: [checkParent] },
  fields: [
    { name: 'name', type: 'text', required: true, localized: true, maxLength: 120 },
    tenantSlugField(CATEGORIES),
    { name: 'parent', type: 'relationship', relationTo: CATEGORIES, index: true },
  ],
}
