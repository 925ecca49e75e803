import type { Access, CollectionBeforeOperationHook, CollectionBeforeValidateHook, PayloadRequest, SanitizedCollectionConfig, Where } from 'payload'

import type { CheckedUpload } from '@/services/uploads/checkUpload'

import { APIError } from 'payload'

import { tenantsOf } from '@/services/audit/changedFields'
import { storageName } from '@/services/uploads/checkUpload'
import { checkUploadWithAudit } from '@/services/uploads/checkUploadWithAudit'

declare module 'payload' {
  interface RequestContext {
    /** The uploader's file name, kept before Payload replaces it with the stored one. */
    uploadOriginalName?: string
  }
}

type Rules = {
  /** Accepted extensions, lower case, without the dot. */
  allowed: readonly string[]
  maxBytes: number
}

/** Where the uploader's own file name waits between the two hooks (the stored name is generated). */

type Target = { documentId?: number; tenants: number[] }

/** What Payload records about a stored file, from the file itself. */
const FILE_FACTS = ['mimeType', 'filesize', 'width', 'height'] as const

/** Results by the file's bytes, so a file seen by both hooks is scanned once. */
const checked = new WeakMap<Buffer, CheckedUpload>()

const checkFile = async ({ req, collection, target, rules }: { req: PayloadRequest; collection: string; target: Target; rules: Rules }): Promise<CheckedUpload> => {
  const file = req.file!
  const known = checked.get(file.data)
  if (known) {
    return known
  }
  // With Payload's `useTempFiles` the bytes would be on disk and `data` empty: refused as empty, never let through unread.
  const result = await checkUploadWithAudit({ req, collection, ...target, filename: file.name, data: file.data, ...rules })
  checked.set(file.data, result)
  return result
}

/**
 * The document a file is being written to, or null when Payload is about to refuse the
 * write (its access check comes after `beforeOperation`): a file from someone who may not
 * write is neither scanned nor audited.
 */
const writeTarget = async ({ args, collection, operation, req }: { args: { id?: number; data?: Record<string, unknown>; overrideAccess?: boolean }; collection: SanitizedCollectionConfig; operation: 'create' | 'update'; req: PayloadRequest }): Promise<Target | null> => {
  const access: Access = collection.access[operation]
  const allowed = args.overrideAccess ? true : await access({ req, data: args.data, id: args.id })
  if (!allowed) {
    return null
  }
  if (operation === 'create' || args.id === undefined) {
    return { tenants: tenantsOf(collection.slug, args.data) }
  }
  const where: Where = typeof allowed === 'object' ? { and: [{ id: { equals: args.id } }, allowed] } : { id: { equals: args.id } }
  const { docs } = await req.payload.find({ collection: collection.slug, where, depth: 0, limit: 1, pagination: false, overrideAccess: true, req })
  return docs[0] ? { documentId: args.id, tenants: tenantsOf(collection.slug, docs[0] as unknown as Record<string, unknown>) } : null
}

/**
 * Hooks that put every file an upload collection stores through `checkUpload` (size, type
 * allowlist, content against the extension, virus scan), whether it comes over REST
 * multipart (the admin panel included) or the Local API:
 * - `beforeOperation` checks the file as sent, before Payload reads or resizes it, and puts
 *   the detected type in place of the client's claim; a create must carry its file;
 * - `beforeValidate` checks any file Payload produced itself (a duplicate's copy, an image
 *   re-encoded or re-cut for a new crop or focal point) and records the detected type; a write
 *   without a file cannot change the stored type, size or dimensions.
 * Both run before anything is written to disk, S3 or the database. Files are stored under
 * generated names; the uploader's name is kept in the collection's `originalName` field.
 */
export const checkUploadedFiles = (rules: Rules): { beforeOperation: CollectionBeforeOperationHook; beforeValidate: CollectionBeforeValidateHook } => ({
  beforeOperation: async ({ args, collection, operation, req }) => {
    const { duplicateFromID } = args as { duplicateFromID?: unknown }
    const creating = operation === 'create' && duplicateFromID === undefined
    if (!(creating || (operation === 'update' && req.file))) {
      return args
    }
    const target = await writeTarget({ args: args as Parameters<typeof writeTarget>[0]['args'], collection, operation, req })
    if (!target) {
      return args
    }
    if (!req.file) {
      // Without a file, Payload would fetch one from a `url` in the data (a server-side request
      // whose failures are 500s); documents are created from uploaded bytes only.
      throw new APIError('Send the file itself, in the multipart field "file"; files are not fetched from addresses.', 400)
    }
    const result = await checkFile({ req, collection: collection.slug, target, rules })
    req.file.mimetype = result.mimeType
    // Stored under a generated name: nothing of the uploader's naming reaches paths or URLs.
    req.context.uploadOriginalName = req.file.name.slice(0, 255)
    req.file.name = storageName(result)
    return args
  },
  beforeValidate: async ({ collection, data, originalDoc, req }) => {
    const doc = (originalDoc ?? undefined) as Record<string, unknown> | undefined
    if (!data) {
      return data
    }
    if (!req.file) {
      // What is said about a file comes from the file: without a new one, the stored facts stay.
      const stored = doc ?? {}
      return { ...data, ...Object.fromEntries(FILE_FACTS.filter((key) => key in stored).map((key) => [key, stored[key]])) }
    }
    const target = { documentId: doc?.id as number | undefined, tenants: tenantsOf(collection.slug, { ...doc, ...data }) }
    const originalName = req.context.uploadOriginalName ?? (data.originalName as string | undefined) ?? (doc?.originalName as string | undefined)
    return { ...data, originalName, mimeType: (await checkFile({ req, collection: collection.slug, target, rules })).mimeType }
  },
})
