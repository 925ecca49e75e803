import type { PayloadRequest } from 'payload'

import type { User } from '@/payload-types'

import { recordEvent } from '@/domain/events/recordEvent'
import { USERS } from '@/shared/slugs'

import { listMemberships } from './memberships'

/** A person who gains a membership has joined that school (API keys' identities are not people). */
export const recordMembershipEvents = async ({ req, doc, previous }: { req: PayloadRequest; doc: User; previous: User | undefined }): Promise<void> => {
  if (doc.kind === 'integration') {
    return
  }
  const before = new Set(listMemberships(previous).map((m) => m.tenantId))
  for (const membership of listMemberships(doc)) {
    if (!before.has(membership.tenantId)) {
      await recordEvent(req, {
        type: 'person.joined-school',
        tenant: membership.tenantId,
        subject: { collection: USERS, id: doc.id },
        payload: { person: doc.id, name: doc.name ?? null, email: doc.email, roles: membership.roles },
      })
    }
  }
}
