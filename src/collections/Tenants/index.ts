import type { CollectionConfig } from 'payload'

import { superAdminOnly } from '@/domain/identity/isSuperAdmin'
import { MEDIA, TENANTS } from '@/shared/slugs'
import { emailFrequencyFields } from '@/fields/notificationChoices'
import { localeField } from '@/fields/localeField'

import { readTenants } from './access/read'
import { platformControlled, updateTenants } from './access/update'
import { currentTenant } from './endpoints/currentTenant'
import { auditStatusChange } from './hooks/auditStatusChange'
import { checkDomainsUnique } from './hooks/checkDomainsUnique'
import { endSessionsOnSuspension } from './hooks/endSessionsOnSuspension'
import { forgetTenantCachesAfterChange, forgetTenantCachesAfterDelete } from './hooks/forgetTenantCaches'
import { refreshLogoVisibility } from './hooks/refreshLogoVisibility'
import { refusePlatformFieldChange } from './hooks/refusePlatformFieldChange'
import { validateDomainName, validateHexColour, validateSlug, validateTimeZone } from '@/domain/tenancy/validateSlug'

export const Tenants: CollectionConfig = {
  slug: TENANTS,
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'slug', 'status', 'registration'],
  },
  access: {
    read: readTenants,
    create: superAdminOnly,
    update: updateTenants,
    delete: superAdminOnly,
  },
  endpoints: [currentTenant],
  hooks: {
    beforeValidate: [checkDomainsUnique],
    afterChange: [forgetTenantCachesAfterChange, auditStatusChange, endSessionsOnSuspension, refreshLogoVisibility],
    afterDelete: [forgetTenantCachesAfterDelete],
  },
  fields: [
    { name: 'name', type: 'text', required: true, maxLength: 120 },
    {
      name: 'slug',
      type: 'text',
      required: true,
      unique: true,
      index: true,
      maxLength: 63,
      access: { update: platformControlled },
      admin: { description: 'Lowercase DNS label: the school is served at <slug>.<base domain>.' },
      hooks: {
        beforeValidate: [({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value), refusePlatformFieldChange],
      },
      validate: validateSlug,
    },
    {
      name: 'domains',
      type: 'array',
      maxRows: 10,
      access: { create: platformControlled, update: platformControlled },
      hooks: { beforeValidate: [refusePlatformFieldChange] },
      admin: { description: 'Custom host names that serve this school.' },
      fields: [
        { name: 'domain', type: 'text', required: true, unique: true, maxLength: 253, validate: validateDomainName },
      ],
    },
    {
      name: 'branding',
      type: 'group',
      fields: [
        { name: 'displayName', type: 'text', localized: true, maxLength: 120 },
        { name: 'logo', type: 'upload', relationTo: MEDIA },
        { name: 'primaryColor', type: 'text', maxLength: 7, validate: validateHexColour },
      ],
    },
    localeField({ name: 'defaultLocale', required: true }),
    // What the school's people get by mail until they choose for themselves (docs/notifications.md).
    { name: 'notificationDefaults', type: 'group', fields: emailFrequencyFields('Empty: Aqoon’s default (at once for one’s own work, a daily digest for the rest).') },
    { name: 'timezone', type: 'text', required: true, defaultValue: 'UTC', maxLength: 64, validate: validateTimeZone },
    {
      name: 'registration',
      type: 'select',
      required: true,
      defaultValue: 'closed',
      options: [
        { label: 'Open: anyone may sign up as a student', value: 'open' },
        { label: 'Closed: staff add people', value: 'closed' },
      ],
    },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'active',
      index: true,
      access: { create: platformControlled, update: platformControlled },
      hooks: { beforeValidate: [refusePlatformFieldChange] },
      options: [
        { label: 'Active', value: 'active' },
        { label: 'Suspended', value: 'suspended' },
      ],
    },
  ],
}
