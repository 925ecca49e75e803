import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { sqlHandle } from '@/services/database/transactions'

/** A timestamp as Payload's reads give it: ISO 8601 in UTC with milliseconds. */
const iso = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`)

/**
 * A person as Payload's `findByID` of `users` answers the JWT strategy (depth 0, the system's
 * eyes, hidden fields left out), in one statement. Every request signed in with a session reads
 * it, and through Payload it is a relational query built and its rows walked field by field: the
 * largest single piece of a checkout's or a tutor turn's CPU. `tests/int/session-user.int.spec.ts`
 * holds it equal to Payload's read for people of every kind, so a field added to `users` that
 * this does not carry fails there.
 */
export const signedInUser = async (req: PayloadRequest, id: number): Promise<Record<string, unknown> | null> => {
  const db = await sqlHandle(req)
  const { rows } = await db.execute<{ user: Record<string, unknown> }>(sql`
    select json_build_object(
      'id', u.id, 'name', u.name, 'pendingEmail', u.pending_email, 'preferredLocale', u.preferred_locale,
      'googleSub', u.google_sub, 'kind', u.kind, 'platformRole', u.platform_role,
      'updatedAt', ${iso('u.updated_at')}, 'createdAt', ${iso('u.created_at')}, 'email', u.email,
      '_verified', u._verified, 'collection', 'users',
      'tenants', coalesce((
        select json_agg(json_build_object(
          'id', t.id, 'tenant', t.tenant_id, 'suspended', t.suspended,
          'roles', coalesce((select json_agg(r.value order by r."order") from users_tenants_roles r where r.parent_id = t.id), '[]'::json)
        ) order by t._order)
        from users_tenants t where t._parent_id = u.id), '[]'::json),
      'sessions', coalesce((
        select json_agg(json_build_object('id', s.id, 'createdAt', ${iso('s.created_at')}, 'expiresAt', ${iso('s.expires_at')}) order by s._order)
        from users_sessions s where s._parent_id = u.id), '[]'::json)
    ) as user
    from users u where u.id = ${id}`)
  return rows[0]?.user ?? null
}
