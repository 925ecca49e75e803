import type { Plugin } from 'payload'

import { multiTenantPlugin } from '@payloadcms/plugin-multi-tenant'

import { isSuperAdmin } from '@/access/isSuperAdmin'
import { TENANT_ROLES } from '@/access/roles'
import { tenantScopedSlugs } from '@/access/tenantCreators'
import { ASSIGNMENTS, ENROLLMENTS, TENANTS, USERS } from '@/collections/slugs'
import { tenantOfCourse } from '@/hooks/tenantOfCourse'

import { tenantBoundary } from './tenantBoundary'
import { uploadStorage } from './uploadStorage'

/** Documents of a course take the course's school (see tenantOfCourse). */
const COURSE_OWNED: readonly string[] = [ENROLLMENTS, ASSIGNMENTS]

export const plugins: Plugin[] = [
  multiTenantPlugin({
    tenantsSlug: TENANTS,
    userHasAccessToAllTenants: (user) => isSuperAdmin(user),
    // Deleting a tenant must not silently delete its people and records.
    cleanupAfterTenantDelete: false,
    collections: Object.fromEntries(
      tenantScopedSlugs.map((slug) => [slug, COURSE_OWNED.includes(slug) ? { tenantFieldOverrides: { hooks: { beforeValidate: [tenantOfCourse] } } } : {}]),
    ),
    tenantsArrayField: {
      includeDefaultField: true,
      // Who may change memberships is decided row by row in the users collection's hooks.
      arrayFieldAccess: {
        create: ({ req }) => Boolean(req.user),
        update: ({ req }) => Boolean(req.user),
      },
      rowFields: [
        {
          name: 'roles',
          type: 'select',
          hasMany: true,
          required: true,
          defaultValue: ['student'],
          options: TENANT_ROLES.map((role) => ({ label: role, value: role })),
        },
        {
          name: 'suspended',
          type: 'checkbox',
          defaultValue: false,
          admin: { description: 'A suspended membership grants nothing and ends the person\'s sessions.' },
        },
      ],
    },
  }),
  // After the multi-tenant plugin: it needs the tenant fields that plugin adds.
  tenantBoundary({ usersSlug: USERS }),
  uploadStorage,
]
