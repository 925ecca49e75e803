import type { Plugin } from 'payload'

import { multiTenantPlugin } from '@payloadcms/plugin-multi-tenant'

import { isSuperAdmin } from '@/domain/identity/isSuperAdmin'
import { TENANT_ROLES } from '@/domain/identity/roles'
import { tenantScopedSlugs } from '@/access/tenantCreators'
import { ASSIGNMENTS, ENROLLMENTS, LIVE_CLASSES, MEDIA, QUIZZES, RECORDING_SUMMARIES, TENANTS, USERS } from '@/shared/slugs'
import { tenantOfCourse } from '@/hooks/tenantOfCourse'

import { markSystemWritten, tenantBoundary } from './tenantBoundary'
import { uploadStorage } from './uploadStorage'

/** Documents of a course take the course's school (see tenantOfCourse). */
const COURSE_OWNED: readonly string[] = [ENROLLMENTS, ASSIGNMENTS, LIVE_CLASSES, QUIZZES, RECORDING_SUMMARIES]

/**
 * The plugin limits a signed-in person to their own schools' documents. Files are read where
 * they are used (readMedia): another school's logo or course cover is public to a member of any
 * school too, so media's own access decides alone.
 */
const OWN_ACCESS: readonly string[] = [MEDIA]

const pluginOptionsFor = (slug: string) => ({
  ...(COURSE_OWNED.includes(slug) ? { tenantFieldOverrides: { hooks: { beforeValidate: [tenantOfCourse] } } } : {}),
  ...(OWN_ACCESS.includes(slug) ? { useTenantAccess: false } : {}),
})

export const plugins: Plugin[] = [
  // Before the multi-tenant plugin wraps the access functions it reads.
  markSystemWritten,
  multiTenantPlugin({
    tenantsSlug: TENANTS,
    userHasAccessToAllTenants: (user) => isSuperAdmin(user),
    // Deleting a tenant must not silently delete its people and records.
    cleanupAfterTenantDelete: false,
    collections: Object.fromEntries(tenantScopedSlugs.map((slug) => [slug, pluginOptionsFor(slug)])),
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
