import type { CollectionSlug, FlattenedField, Payload, TypedUser, Where } from 'payload'

import { createLocalReq } from 'payload'

import type { CallOptions } from '../helpers/api'

/**
 * How far a collection's access rule lets someone at one document: refused outright (`false`),
 * limited to documents that leave this one out (a `Where` it does not match), or reaching it.
 * Payload answers each differently (403, or 404 on a read and an empty list), so the attacker
 * suite expects the answer that goes with the rule, and asserts separately what may be reached.
 */
export type Reach = 'denied' | 'hidden' | 'granted'

type Operation = 'create' | 'read' | 'update' | 'delete'

/** Who a request's credentials stand for, by the app's own strategies (sessions, API keys). */
export const userOf = async (payload: Payload, auth: CallOptions): Promise<TypedUser | null> => {
  const headers = new Headers(auth.headers)
  if (auth.token) {
    headers.set('authorization', `JWT ${auth.token}`)
  }
  return (await payload.auth({ headers })).user
}

type ReachArgs = {
  payload: Payload
  user: TypedUser | null
  slug: string
  operation: Operation
  /** The document; without one (a creation), any grant reaches. */
  id?: number
  /** The body sent, which create and update rules may judge. */
  data?: Record<string, unknown>
}

export const reachOf = async ({ payload, user, slug, operation, id, data }: ReachArgs): Promise<Reach> => {
  const collection = payload.collections[slug as CollectionSlug].config
  const req = await createLocalReq({ user: user ?? undefined }, payload)
  const rule = await collection.access[operation]({ req, id, data })
  if (!rule) {
    return 'denied'
  }
  if (rule === true || id === undefined) {
    return 'granted'
  }
  const where: Where = { and: [{ id: { equals: id } }, rule] }
  const { totalDocs } = await payload.count({ collection: slug as CollectionSlug, where, overrideAccess: true })
  return totalDocs > 0 ? 'granted' : 'hidden'
}

/** The field at a dotted path and the groups and arrays around it, outermost first. */
const fieldChain = (fields: FlattenedField[], path: string): FlattenedField[] => {
  const [name, ...rest] = path.split('.')
  const field = fields.find((f) => 'name' in f && f.name === name)
  if (!field) {
    throw new Error(`no field at ${path}`)
  }
  if (rest.length === 0) {
    return [field]
  }
  if (!('flattenedFields' in field)) {
    throw new Error(`${name} holds no fields`)
  }
  return [field, ...fieldChain(field.flattenedFields, rest.join('.'))]
}

type FieldArgs = { payload: Payload; user: TypedUser | null; slug: string; path: string; operation: 'create' | 'update'; data: Record<string, unknown>; doc?: Record<string, unknown> }

/**
 * Whether field-level access lets the user write a field (and every group or array it sits in).
 * Payload drops a value the requester may not write and saves the rest, so such a field is left
 * as it was, with no error.
 */
export const mayWriteField = async ({ payload, user, slug, path, operation, data, doc }: FieldArgs): Promise<boolean> => {
  const collection = payload.collections[slug as CollectionSlug].config
  const req = await createLocalReq({ user: user ?? undefined }, payload)
  for (const field of fieldChain(collection.flattenedFields, path)) {
    const rule = field.access?.[operation]
    if (rule && !(await rule({ req, data, doc, siblingData: data }))) {
      return false
    }
  }
  return true
}
