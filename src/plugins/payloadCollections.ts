import type { Access, CollectionBeforeChangeHook, CollectionBeforeOperationHook, CollectionSlug, Endpoint, PayloadRequest, SanitizedCollectionConfig, SanitizedConfig, Where } from 'payload'

import { APIError, NotFound, UnauthorizedError } from 'payload'

import { rejectMalformedInput } from '@/hooks/rejectMalformedInput'
import { rejectMalformedQuery } from '@/hooks/rejectMalformedQuery'

import { isSuperAdmin, superAdminOnly } from '@/domain/identity/isSuperAdmin'
import { nobody } from '@/access/nobody'

declare module 'payload' {
  interface RequestContext {
    /** Document locks the requester may see, found once per request. */
    locksInReach?: number[]
  }
}

const LOCKS = 'payload-locked-documents'

type Lock = { id: number; globalSlug?: string | null; document?: { relationTo: string; value: unknown } | null; user?: { relationTo: string; value: unknown } | null }

const idOf = (value: unknown): number | undefined =>
  typeof value === 'number' ? value : typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'number' ? value.id : undefined

/**
 * The edit locks the requester may see, take over or release: their own, and those on documents
 * they may edit themselves (the admin panel shows "X is editing" there and offers to take over).
 * Locks are few and short-lived, so they are read whole and judged by each collection's own
 * update access. Locks on globals are the platform's. Cached on the request.
 */
const locksInReach = async (req: PayloadRequest): Promise<number[]> => {
  const cached = req.context.locksInReach
  if (cached) {
    return cached
  }
  const user = req.user
  const locks = (await req.payload.db.find({ collection: LOCKS as CollectionSlug, limit: 0, pagination: false, req })).docs as unknown as Lock[]
  const byCollection = new Map<string, Lock[]>()
  const reachable: number[] = []
  for (const lock of locks) {
    if (user && lock.user?.relationTo === user.collection && idOf(lock.user.value) === user.id) {
      reachable.push(lock.id)
    } else if (lock.document?.relationTo) {
      byCollection.set(lock.document.relationTo, [...(byCollection.get(lock.document.relationTo) ?? []), lock])
    }
  }
  for (const [slug, held] of byCollection) {
    const collection = req.payload.collections[slug as keyof typeof req.payload.collections]?.config
    const access = collection ? await collection.access.update({ req }) : false
    if (!access) {
      continue
    }
    const ids = held.map((lock) => idOf(lock.document?.value)).filter((id): id is number => id !== undefined)
    const where: Where = access === true ? { id: { in: ids } } : { and: [{ id: { in: ids } }, access] }
    const found = await req.payload.db.find({ collection: slug as CollectionSlug, where, limit: 0, pagination: false, req })
    const editable = new Set(found.docs.map((doc) => (doc as { id: number }).id))
    reachable.push(...held.filter((lock) => editable.has(idOf(lock.document?.value) as number)).map((lock) => lock.id))
  }
  req.context.locksInReach = reachable
  return reachable
}

const lockAccess: Access = async ({ req }) => {
  if (isSuperAdmin(req.user)) {
    return true
  }
  if (!req.user) {
    return false
  }
  const ids = await locksInReach(req)
  // None in reach is an empty list, not a refusal: the admin panel lists locks on every dashboard.
  return ids.length > 0 ? { id: { in: ids } } : { id: { exists: false } }
}

/** Taking over a lock makes the requester its holder; it cannot be pointed at another document or person. */
const takeOverOnly: CollectionBeforeChangeHook = ({ data, originalDoc, req }) => {
  if (!req.user || isSuperAdmin(req.user) || !originalDoc) {
    return data
  }
  const holder = data.user as Lock['user']
  const moved = ('document' in data && JSON.stringify(data.document) !== JSON.stringify(originalDoc.document)) || ('globalSlug' in data && data.globalSlug !== originalDoc.globalSlug)
  if (moved || !holder || holder.relationTo !== req.user.collection || idOf(holder.value) !== req.user.id) {
    throw new APIError('A lock can only be taken over by the person who then edits the document.', 403)
  }
  return data
}

const own = (req: PayloadRequest): Where | false =>
  req.user ? { and: [{ 'user.value': { equals: req.user.id } }, { 'user.relationTo': { equals: req.user.collection } }] } : false

/**
 * `DELETE /api/payload-preferences/:key`, in place of Payload's, whose single delete by the
 * owner's polymorphic relationship builds a query PostgreSQL refuses (a 500 for every key).
 */
const deletePreference: Endpoint = {
  path: '/:key',
  method: 'delete',
  handler: async (req) => {
    const where = own(req)
    if (!where) {
      throw new UnauthorizedError(req.t)
    }
    const key = String(req.routeParams?.key ?? '')
    const found = (await req.payload.find({ collection: 'payload-preferences', where: { and: [where, { key: { equals: key } }] }, limit: 1, pagination: false, depth: 0, overrideAccess: true, req })).docs[0]
    if (!found) {
      throw new NotFound(req.t)
    }
    await req.payload.delete({ collection: 'payload-preferences', id: found.id, overrideAccess: true, req })
    return Response.json({ message: req.t('general:deletedSuccessfully') })
  },
}

/**
 * A preference's owner is whoever saves it: Payload's field hook sets it from the requester,
 * whatever was sent. Payload's own admin panel sends it as `{ collection, value }`, which the
 * relationship check would refuse, so what was sent is dropped before any check reads it.
 */
const ownerIsTheRequester: CollectionBeforeOperationHook = ({ args, operation }) => {
  if ((operation === 'create' || operation === 'update') && args.data && typeof args.data === 'object' && 'user' in args.data) {
    const { user: _ignored, ...data } = args.data as Record<string, unknown>
    return { ...args, data }
  }
  return args
}

type Rule = (collection: SanitizedCollectionConfig) => void

/**
 * Payload's own collections and globals, given explicit access (their defaults let any signed-in
 * person read, and for some write, everyone's). They are added while Payload sanitizes the
 * config, after plugins run, so this is applied to the sanitized config.
 */
const RULES: Record<string, Rule> = {
  // Edit locks: created by Payload itself when a form opens, never through the API.
  [LOCKS]: (collection) => {
    collection.access = { ...collection.access, create: nobody, read: lockAccess, update: lockAccess, delete: lockAccess }
    collection.hooks.beforeChange = [...collection.hooks.beforeChange, takeOverOnly]
  },
  // Preferences: each person their own (Payload sets the owner on create).
  'payload-preferences': (collection) => {
    collection.access = { ...collection.access, create: ({ req }) => Boolean(req.user), read: ({ req }) => own(req), update: ({ req }) => own(req), delete: ({ req }) => own(req) }
    collection.hooks.beforeOperation = [ownerIsTheRequester, ...collection.hooks.beforeOperation]
    if (collection.endpoints) {
      collection.endpoints = collection.endpoints.map((endpoint) => (endpoint.method === 'delete' && endpoint.path === '/:key' ? deletePreference : endpoint))
    }
  },
  // The queue is worked by the system (Local API); only the platform looks at it.
  'payload-jobs': (collection) => {
    collection.access = { ...collection.access, create: nobody, read: superAdminOnly, update: nobody, delete: nobody }
  },
  'payload-migrations': (collection) => {
    collection.access = { ...collection.access, create: nobody, read: nobody, update: nobody, delete: nobody, readVersions: nobody }
  },
  'payload-kv': (collection) => {
    collection.access = { ...collection.access, create: nobody, read: nobody, update: nobody, delete: nobody }
  },
}

/** Globals of Payload's own, such as the jobs scheduler's statistics: the platform reads, the system writes. */
const GLOBAL_RULE = { read: superAdminOnly, update: nobody, readVersions: nobody }

export const guardPayloadCollections = (config: SanitizedConfig): SanitizedConfig => {
  for (const collection of config.collections) {
    if (collection.slug.startsWith('payload-')) {
      // The same checks of client input as our own collections get (src/collections/index.ts).
      collection.hooks.beforeOperation = [rejectMalformedInput, rejectMalformedQuery, ...collection.hooks.beforeOperation]
    }
    RULES[collection.slug]?.(collection)
    if (collection.slug.startsWith('payload-') && !RULES[collection.slug]) {
      throw new Error(`Payload's collection "${collection.slug}" has no access rule in src/plugins/payloadCollections.ts`)
    }
  }
  for (const global of config.globals) {
    if (global.slug.startsWith('payload-')) {
      global.access = { ...global.access, ...GLOBAL_RULE }
    }
  }
  return config
}
