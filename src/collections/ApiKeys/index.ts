import type { CollectionConfig } from 'payload'

import { nobody } from '@/access/nobody'
import { API_KEYS, USERS } from '@/shared/slugs'

import { createApiKeys, manageApiKeys } from './access/manage'
import { issueKey, keepRevoked, showKeyOnce } from './hooks/issueKey'
import { removeIdentity } from './hooks/removeIdentity'

/**
 * Integrator API keys. A key acts as its own identity, tenant-admin of its tenant
 * only. The key is shown once, in the create response; only its SHA-256 is stored.
 * Use it as `Authorization: Bearer aqk_…` (or `X-API-Key`).
 */
export const ApiKeys: CollectionConfig = {
  slug: API_KEYS,
  labels: { singular: 'API key', plural: 'API keys' },
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'hint', 'status', 'lastUsedAt', 'createdAt'],
    description: 'Keys for integrations. The key is shown once, when it is issued; revoke a key to stop it.',
    components: { beforeListTable: ['@/collections/ApiKeys/admin/IssueKeyPanel#IssueKeyPanel'] },
  },
  access: { read: manageApiKeys, create: createApiKeys, update: manageApiKeys, delete: manageApiKeys },
  hooks: {
    beforeChange: [issueKey, keepRevoked],
    afterChange: [showKeyOnce],
    afterDelete: [removeIdentity],
  },
  fields: [
    { name: 'name', type: 'text', required: true, maxLength: 80 },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'active',
      index: true,
      options: [
        { label: 'Active', value: 'active' },
        { label: 'Revoked', value: 'revoked' },
      ],
    },
    { name: 'hint', type: 'text', access: { create: nobody, update: nobody }, admin: { readOnly: true, description: 'The start of the key, to recognise it.' } },
    { name: 'keyHash', type: 'text', unique: true, index: true, access: { read: nobody, create: nobody, update: nobody }, admin: { hidden: true } },
    { name: 'identity', type: 'relationship', relationTo: USERS, access: { create: nobody, update: nobody }, admin: { readOnly: true } },
    { name: 'createdBy', type: 'relationship', relationTo: USERS, access: { create: nobody, update: nobody }, admin: { readOnly: true } },
    { name: 'lastUsedAt', type: 'date', access: { create: nobody, update: nobody }, admin: { readOnly: true } },
    { name: 'revokedAt', type: 'date', access: { create: nobody, update: nobody }, admin: { readOnly: true } },
  ],
}
