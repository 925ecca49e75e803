import { unseal } from './sealedSecrets'

/** What a sealed field is bound to: its collection, school and field, so it opens nowhere else. */
export const fieldSecretContext = (collection: string, tenant: number | undefined, field: string): string => `${collection}:${tenant ?? 'none'}:${field}`

/** A sealed field of a school's document, opened (read with overrideAccess: field access hides it from every request). */
export const openFieldSecret = (collection: string, tenant: number | undefined, sealed: string | null | undefined, field: string): string | undefined =>
  sealed ? unseal(sealed, fieldSecretContext(collection, tenant, field)) : undefined
