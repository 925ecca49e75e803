import type { FieldAccess } from 'payload'

/**
 * Field access for values only the system writes (Local API with overrideAccess, or hooks):
 * requests can neither set them on create nor change them on update.
 */
export const systemOnly: { create: FieldAccess; update: FieldAccess } = { create: () => false, update: () => false }
