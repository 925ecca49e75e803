import type { CollectionAfterChangeHook } from 'payload'

import type { Tenant } from '@/payload-types'

import { mediaNamedBy, refreshMediaVisibility } from '@/domain/media/mediaVisibility'

/** A school's logo is public; the one it replaces goes back to its school. */
export const refreshLogoVisibility: CollectionAfterChangeHook<Tenant> = async ({ doc, previousDoc, req }) => {
  await refreshMediaVisibility({ req, ids: mediaNamedBy(doc.branding?.logo, previousDoc?.branding?.logo) })
  return doc
}
