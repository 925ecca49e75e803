import type { CollectionConfig } from 'payload'

import { refuseSuspendedMembers } from '@/hooks/refuseSuspendedMembers'
import { rejectMalformedInput } from '@/hooks/rejectMalformedInput'

import { Media } from './Media'
import { Tenants } from './Tenants'
import { Users } from './Users'

/** Hooks every collection gets, so new collections are covered without extra code. */
const withCrossCuttingHooks = (collection: CollectionConfig): CollectionConfig => ({
  ...collection,
  hooks: {
    ...collection.hooks,
    beforeOperation: [refuseSuspendedMembers, rejectMalformedInput, ...(collection.hooks?.beforeOperation ?? [])],
  },
})

export const collections: CollectionConfig[] = [Users, Tenants, Media].map(withCrossCuttingHooks)

/** Collections whose documents belong to one tenant (the plugin adds their `tenant` field). */
export const tenantScopedSlugs = [Media.slug] as const
