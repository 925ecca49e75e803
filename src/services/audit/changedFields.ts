import { UNRECORDED_FIELDS } from './auditActions'
import { relationId } from '@/shared/relationId'

type Doc = Record<string, unknown> | undefined | null

/** A populated relationship (a whole document) compares as its ID, as it is stored. */
const asStored = (value: unknown): unknown => {
  if (Array.isArray(value)) {
    return value.map(asStored)
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>
    if ('id' in record && 'createdAt' in record) {
      return record.id
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, asStored(v)]))
  }
  return value ?? null
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(asStored(a)) === JSON.stringify(asStored(b))

/** Names of the top-level fields that differ between two versions, secrets left out. */
export const changedFields = (before: Doc, after: Doc): string[] => {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])
  return [...keys]
    .filter((key) => !UNRECORDED_FIELDS.has(key) && !same(before?.[key], after?.[key]))
    .sort()
}

/** Tenants a document belongs to: its tenant field, the tenant itself, or a person's memberships. */
export const tenantsOf = (collection: string, doc: Doc): number[] => {
  if (!doc) {
    return []
  }
  if (collection === 'tenants') {
    return typeof doc.id === 'number' ? [doc.id] : []
  }
  if ('tenant' in doc) {
    const id = relationId(doc.tenant)
    return id === undefined ? [] : [id]
  }
  if (Array.isArray(doc.tenants)) {
    return doc.tenants.flatMap((row: { tenant?: unknown }) => {
      const id = relationId(row?.tenant)
      return id === undefined ? [] : [id]
    })
  }
  return []
}
