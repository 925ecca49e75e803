import type { PayloadRequest } from 'payload'

import type { Invitation } from '@/payload-types'

import { INVITATIONS, USERS } from '@/shared/slugs'
import { inviteEmail } from '@/services/mail/accountEmails'
import { newLinkToken } from '@/domain/identity/tokens'

/** How long an invitation stays open. */
export const INVITATION_DAYS = 14

export type InvitationMail = { to: string; subject: string; html: string }

/**
 * Invites a person who is not (yet) a member of the school: a pending invitation with a fresh
 * link token, unless one for the same address and course is still open. Whether the address has
 * an account elsewhere plays no part, so the school learns nothing about it. The mail is
 * returned, to be sent once the caller's transaction has committed.
 */
export const inviteToSchool = async ({
  req,
  tenant,
  email,
  name,
  locale,
  course,
}: {
  req: PayloadRequest
  tenant: number
  email: string
  name?: string
  locale?: Invitation['locale']
  course?: number
}): Promise<{ result: 'invited' | 'already-invited'; mail?: InvitationMail }> => {
  const open = await req.payload.count({
    collection: INVITATIONS,
    where: {
      and: [
        { tenant: { equals: tenant } },
        { email: { equals: email } },
        course === undefined ? { course: { exists: false } } : { course: { equals: course } },
        { status: { equals: 'pending' } },
        { expiresAt: { greater_than: new Date().toISOString() } },
      ],
    },
    overrideAccess: true,
    req,
  })
  if (open.totalDocs > 0) {
    return { result: 'already-invited' }
  }
  const { token, hash } = newLinkToken()
  await req.payload.create({
    collection: INVITATIONS,
    data: {
      tenant,
      email,
      name,
      locale,
      course,
      status: 'pending',
      tokenHash: hash,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000).toISOString(),
      invitedBy: req.user?.collection === USERS ? (req.user.id as number) : undefined,
    },
    overrideAccess: true,
    req,
  })
  const person = { name: name ?? '', preferredLocale: locale }
  return { result: 'invited', mail: { to: email, subject: inviteEmail.subject(person), html: inviteEmail.html(person, token) } }
}
