import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import type { ZoomSetting } from '@/payload-types'

import { sqlList } from '@/services/database/adapter'
import { sqlHandle } from '@/services/database/transactions'
import { createZoomClient, ZoomError, type ZoomUser } from '@/services/zoom'
import { invalid } from '@/shared/domainError'
import { relationId } from '@/shared/relationId'

import { openZoomSecret } from './zoomSettings'

export type ZoomConnection = { ok: boolean; message: string; hosts: { email: string; zoomUserId: string | null; problem?: string }[] }

/** What went wrong, in words a school's admin can act on. */
const explain = (error: ZoomError): string => {
  if (error.code === 'invalid_client' || error.code === 'invalid_request' || error.status === 400 || error.status === 401) {
    return 'Zoom refused the account id, client id or client secret: copy them again from the app’s App Credentials.'
  }
  if (error.status === 403) {
    return 'Zoom refused: the app is missing a scope it needs (users, meetings, registrants, reports and recordings).'
  }
  return `Zoom could not be reached or failed (${error.status || error.code}): try again later.`
}

/**
 * Checks a school's Zoom settings against Zoom ("Check connection"): a token for the app, the
 * account's users, and each listed host found among them, whose Zoom user id is then kept.
 * What was found is recorded on the settings (when, whether it worked, why not), so the admin
 * panel shows it and scheduling can tell a broken connection before it needs one.
 */
export const checkZoomConnection = async (req: PayloadRequest, settings: ZoomSetting): Promise<ZoomConnection> => {
  const clientSecret = openZoomSecret(settings, 'clientSecret')
  if (!settings.accountId || !settings.clientId || !clientSecret) {
    throw invalid('Fill in the account id, client id and client secret first (a secret stored under an encryption key since dropped must be entered again).')
  }
  let result: ZoomConnection
  try {
    const client = createZoomClient({ accountId: settings.accountId, clientId: settings.clientId, clientSecret })
    // A fresh token: one cached from before would hide credentials Zoom no longer takes.
    await client.checkCredentials()
    const users: ZoomUser[] = []
    for await (const user of client.listUsers()) {
      users.push(user)
    }
    const byEmail = new Map(users.map((user) => [user.email.toLowerCase(), user]))
    const hosts = (settings.hosts ?? []).map((host) => {
      const user = byEmail.get(host.email.toLowerCase())
      return user ? { email: host.email, zoomUserId: user.id } : { email: host.email, zoomUserId: null, problem: 'No active user of the Zoom account has this email.' }
    })
    const missing = hosts.filter((host) => host.problem).length
    result = {
      ok: missing === 0 && hosts.length > 0,
      message:
        hosts.length === 0
          ? `Connected to Zoom (${users.length} active users), but no host is listed: add the Zoom users who host this school’s classes.`
          : missing === 0
            ? `Connected to Zoom: all ${hosts.length} hosts found.`
            : `Connected to Zoom, but ${missing} of ${hosts.length} hosts are not active users of the account.`,
      hosts,
    }
  } catch (error) {
    if (!(error instanceof ZoomError)) {
      throw error
    }
    result = { ok: false, message: explain(error), hosts: (settings.hosts ?? []).map((host) => ({ email: host.email, zoomUserId: host.zoomUserId ?? null })) }
  }
  // The hosts' ids and the connection's state alone, with SQL: hosts an admin adds meanwhile stay.
  const db = await sqlHandle(req)
  const found = result.hosts.filter((host) => host.zoomUserId !== null)
  if (found.length > 0) {
    await db.execute(sql`
      update zoom_settings_hosts h set zoom_user_id = v.id
      from unnest(${sqlList(found.map((host) => host.email.toLowerCase()))}::text[], ${sqlList(found.map((host) => host.zoomUserId))}::text[]) as v(email, id)
      where h._parent_id = ${settings.id} and lower(h.email) = v.email`)
  }
  await db.execute(sql`update zoom_settings set connection_checked_at = now(), connection_ok = ${result.ok}, connection_message = ${result.message}, updated_at = now() where id = ${settings.id}`)
  req.payload.logger.info({ msg: `live classes: Zoom connection of school ${relationId(settings.tenant)} checked: ${result.message}` })
  return result
}
