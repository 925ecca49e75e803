import type { PayloadRequest } from 'payload'

import { conflict, invalid } from '@/shared/domainError'
import type { Invitation, User } from '@/payload-types'

import crypto from 'node:crypto'
import { isolateObjectProperty } from 'payload'
import { z } from 'zod'

import { listMemberships } from '@/domain/identity/memberships'
import { COURSES, INVITATIONS, TENANTS, USERS } from '@/shared/slugs'
import { referenceId } from '@/shared/referenceId'
import { hashLinkToken, isLinkToken } from '@/domain/identity/tokens'
import { LOCKS, lockFor } from '@/services/database/transactions'
import { enrollMember } from '@/domain/enrollment/enrollMember'
import { validationErrorFrom } from '@/services/validation/zodProblems'

/** What the invited person must give: a new account, a password of their own, or nothing. */
export type Needs = 'account' | 'password' | 'nothing'

export type InvitationPreview = {
  school: string
  course: string | null
  email: string
  needs: Needs
}

/** Set while an acceptance marks its invitation accepted: nothing else may. */
declare module 'payload' {
  interface RequestContext {
    /** Set while an invitation is accepted: the only way an invitation becomes accepted. */
    acceptingInvitation?: boolean
  }
}

const INVALID = 'This invitation is invalid, has been used, or has expired. Ask the school for a new one.'

const Acceptance = z.strictObject({
  token: z.string(),
  name: z.string().trim().min(1, 'Enter your name.').max(120, 'Use at most 120 characters.').optional(),
  password: z.string().min(8, 'Use at least 8 characters.').max(256, 'Use at most 256 characters.').optional(),
})

const openInvitation = async (req: PayloadRequest, token: unknown): Promise<Invitation> => {
  if (!isLinkToken(token)) {
    throw invalid(INVALID)
  }
  const invitation = (
    await req.payload.find({
      collection: INVITATIONS,
      where: { and: [{ tokenHash: { equals: hashLinkToken(token) } }, { status: { equals: 'pending' } }, { expiresAt: { greater_than: new Date().toISOString() } }] },
      limit: 1,
      pagination: false,
      depth: 0,
      overrideAccess: true,
      req,
    })
  ).docs[0]
  if (!invitation) {
    throw invalid(INVALID)
  }
  return invitation
}

const accountOf = async (req: PayloadRequest, email: string): Promise<User | undefined> =>
  (await req.payload.find({ collection: USERS, where: { email: { equals: email } }, limit: 1, pagination: false, depth: 0, overrideAccess: true, req })).docs[0]

/**
 * An account that was never verified may have been registered by someone else with this
 * address; the invitation's link proves the mailbox, so its holder claims the account with a
 * password of their own (which ends every earlier session).
 */
const needsOf = (account: User | undefined): Needs => (!account ? 'account' : account._verified ? 'nothing' : 'password')

/** What an invitation offers, for the page that accepts it (only the link's holder sees this). */
export const previewInvitation = async (req: PayloadRequest, token: unknown): Promise<InvitationPreview> => {
  const invitation = await openInvitation(req, token)
  const [school, course, account] = await Promise.all([
    req.payload.findByID({ collection: TENANTS, id: referenceId(invitation.tenant)!, depth: 0, overrideAccess: true, req }),
    invitation.course ? req.payload.findByID({ collection: COURSES, id: referenceId(invitation.course)!, depth: 0, overrideAccess: true, disableErrors: true, req }) : null,
    accountOf(req, invitation.email),
  ])
  return { school: school.name, course: course?.title ?? null, email: invitation.email, needs: needsOf(account) }
}

const invalidField = (path: string, message: string): never => {
  throw invalid(message, { field: path, collection: INVITATIONS })
}

/**
 * Accepts an invitation, in the caller's transaction: creates the account if there is none (or
 * lets the mailbox's owner claim an unverified one), makes the person a student of the school,
 * enrolls them in the invited course (capacity permitting), and marks the invitation accepted.
 * All of it happens, or none of it.
 */
export const acceptInvitation = async (req: PayloadRequest, body: unknown): Promise<{ school: string; course: string | null; email: string }> => {
  const parsed = Acceptance.safeParse(body)
  if (!parsed.success) {
    throw validationErrorFrom(INVITATIONS, parsed.error)
  }
  const { token, name, password } = parsed.data
  const found = await openInvitation(req, token)
  await lockFor(req, LOCKS.invitation, found.id)
  // Read again under the lock: two clicks accept once.
  const invitation = await openInvitation(req, token)
  const tenant = referenceId(invitation.tenant)!
  let account = await accountOf(req, invitation.email)
  if (account?.kind === 'integration') {
    throw invalid(INVALID)
  }
  const needs = needsOf(account)
  if (needs === 'account' && !name) {
    invalidField('name', 'Enter your name.')
  }
  if (needs !== 'nothing' && !password) {
    invalidField('password', needs === 'account' ? 'Choose a password.' : 'This address has an account that was never confirmed: choose a new password for it.')
  }
  const school = await req.payload.findByID({ collection: TENANTS, id: tenant, depth: 0, overrideAccess: true, req })
  if (!account) {
    account = await req.payload.create({
      collection: USERS,
      data: {
        email: invitation.email,
        name: name!,
        password: password!,
        preferredLocale: invitation.locale ?? school.defaultLocale,
        tenants: [{ tenant, roles: ['student'] }],
        _verified: true,
      },
      disableVerificationEmail: true,
      overrideAccess: true,
      req,
    })
  } else {
    const memberships = listMemberships(account)
    const here = memberships.find((m) => m.tenantId === tenant)
    if (here?.suspended) {
      throw conflict('Your membership of this school is suspended. Contact the school.')
    }
    account = await req.payload.update({
      collection: USERS,
      id: account.id,
      data: {
        ...(here ? {} : { tenants: [...(account.tenants ?? []), { tenant, roles: ['student' as const] }] }),
        ...(needs === 'password' ? { password: password!, _verified: true } : {}),
      },
      depth: 0,
      overrideAccess: true,
      req,
    })
  }
  // From here the invited person acts: they are a member now, which the tenant checks look for.
  const asInvitee = isolateObjectProperty(req, 'user')
  asInvitee.user = { ...account, collection: USERS }
  const courseId = referenceId(invitation.course)
  const course = courseId === null ? null : await req.payload.findByID({ collection: COURSES, id: courseId, depth: 0, select: { title: true }, overrideAccess: true, disableErrors: true, req })
  if (course) {
    await enrollMember({ req: asInvitee, userId: account.id, courseId: course.id, source: 'bulk' })
  }
  req.context.acceptingInvitation = true
  try {
    await req.payload.update({
      collection: INVITATIONS,
      id: invitation.id,
      data: { status: 'accepted', acceptedBy: account.id, acceptedAt: new Date().toISOString(), tokenHash: `spent-${crypto.randomUUID()}` },
      overrideAccess: true,
      req: asInvitee,
    })
  } finally {
    req.context.acceptingInvitation = false
  }
  return { school: school.name, course: course?.title ?? null, email: invitation.email }
}
