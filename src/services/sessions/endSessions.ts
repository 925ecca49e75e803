import type { PayloadRequest } from 'payload'

import { USERS } from '@/shared/slugs'

type Args = {
  req: PayloadRequest
  userIds: number[]
  /** A session to leave alive, such as the one that just changed its own password. */
  keepSessionId?: string
}

/**
 * Ends the sessions of these people: their tokens stop working at once and they
 * must log in again. Sessions are bookkeeping that Payload's field access keeps out
 * of ordinary updates, so they are written directly (no hooks, no audit "update").
 */
export const endSessions = async ({ req, userIds, keepSessionId }: Args): Promise<void> => {
  for (const id of new Set(userIds)) {
    // The whole stored row goes back: given only `sessions`, the adapter would also
    // empty every array it was not given (memberships among them).
    const user = await req.payload.db.findOne<{ id: number; sessions?: { id: string }[] | null }>({
      collection: USERS,
      where: { id: { equals: id } },
      req,
    })
    if (!user?.sessions?.length) {
      continue
    }
    const sessions = keepSessionId ? user.sessions.filter((session) => session.id === keepSessionId) : []
    await req.payload.db.updateOne({ collection: USERS, id, data: { ...user, sessions }, req, returning: false })
  }
}

/** IDs of everyone holding a membership of the tenant. */
export const membersOf = async ({ req, tenantId }: { req: PayloadRequest; tenantId: number }): Promise<number[]> =>
  (
    await req.payload.find({
      collection: USERS,
      where: { 'tenants.tenant': { equals: tenantId } },
      pagination: false,
      depth: 0,
      select: { name: true },
      overrideAccess: true,
      req,
    })
  ).docs.map((doc) => doc.id)
