import type { PayloadRequest } from 'payload'

import type { ZoomSetting } from '@/payload-types'

import { createZoomClient, type ZoomClient } from '@/services/zoom'
import { openFieldSecret } from '@/services/secrets/fieldSecrets'
import { relationId } from '@/shared/relationId'
import { ZOOM_SETTINGS } from '@/shared/slugs'

/** A school's Zoom settings as the system reads them (secrets still sealed), or none. */
export const zoomSettingsOf = async (req: PayloadRequest, tenant: number): Promise<ZoomSetting | undefined> =>
  (await req.payload.find({ collection: ZOOM_SETTINGS, where: { tenant: { equals: tenant } }, limit: 1, pagination: false, depth: 0, overrideAccess: true, req })).docs[0]

/**
 * A sealed field of a school's Zoom settings, opened; undefined when it is not set or no longer
 * opens (sealed under a key since dropped): as good as missing, and the school's admins enter
 * it again.
 */
export const openZoomSecret = (settings: ZoomSetting, field: 'clientSecret' | 'webhookSecret'): string | undefined => {
  try {
    return openFieldSecret(ZOOM_SETTINGS, relationId(settings.tenant), settings[field], field)
  } catch {
    return undefined
  }
}

/** A client for the school's own Zoom account, or undefined when Zoom is off or its settings are incomplete. */
export const zoomClientOf = async (req: PayloadRequest, tenant: number): Promise<ZoomClient | undefined> => {
  const settings = await zoomSettingsOf(req, tenant)
  const clientSecret = settings ? openZoomSecret(settings, 'clientSecret') : undefined
  if (!settings?.enabled || !settings.accountId || !settings.clientId || !clientSecret) {
    return undefined
  }
  return createZoomClient({ accountId: settings.accountId, clientId: settings.clientId, clientSecret })
}
