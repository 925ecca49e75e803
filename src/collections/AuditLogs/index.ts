import type { CollectionConfig } from 'payload'

import { AUDIT_LOGS, TENANTS, USERS } from '@/shared/slugs'
import { AUDIT_ACTIONS } from '@/services/audit/auditActions'

import { nobody } from '@/access/nobody'

import { readAuditLogs } from './access/read'
import { exportCsv } from './endpoints/exportCsv'

/**
 * Who changed what, append-only. Written only by `recordAudit`; readable by
 * super-admins and, for their tenants, by tenant-admins.
 */
export const AuditLogs: CollectionConfig = {
  slug: AUDIT_LOGS,
  labels: { singular: 'Audit entry', plural: 'Audit log' },
  admin: {
    useAsTitle: 'action',
    defaultColumns: ['createdAt', 'action', 'actorLabel', 'collection', 'documentId', 'changedFields'],
    listSearchableFields: ['actorLabel', 'documentId'],
    description: 'Every change and sign-in, kept as it happened. Export as CSV at /api/audit-logs/export.',
  },
  // Written by the system only and never changed: no API creates, updates or deletes an entry.
  access: { read: readAuditLogs, create: nobody, update: nobody, delete: nobody, readVersions: nobody },
  disableDuplicate: true,
  endpoints: [exportCsv],
  defaultSort: '-createdAt',
  fields: [
    { name: 'action', type: 'select', required: true, index: true, options: AUDIT_ACTIONS.map((a) => ({ label: a, value: a })) },
    { name: 'actor', type: 'relationship', relationTo: USERS, index: true },
    { name: 'actorLabel', type: 'text', required: true, index: true, admin: { description: 'Email of the actor at the time.' } },
    { name: 'collection', type: 'text', index: true },
    { name: 'documentId', type: 'text', index: true },
    {
      // The names, in the entry's own row (jsonb): as a `hasMany` text field they were one row each
      // in a table of their own, with a foreign-key check each, the larger part of writing an entry.
      name: 'changedFields',
      type: 'json',
      typescriptSchema: [() => ({ type: 'array', items: { type: 'string' } })],
      admin: { description: 'Names of the fields the change touched (never their values).', components: { Cell: '@/admin/fields/NamesCell#NamesCell' } },
    },
    { name: 'tenants', type: 'relationship', relationTo: TENANTS, hasMany: true, index: true },
    { name: 'ip', type: 'text' },
    { name: 'userAgent', type: 'text' },
  ],
  timestamps: true,
}
