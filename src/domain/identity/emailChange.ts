import type { PayloadRequest } from 'payload'

import { invalid } from '@/shared/domainError'
import type { User } from '@/payload-types'

import { validations } from 'payload'

import { USERS } from '@/shared/slugs'
import { recordAudit } from '@/services/audit/recordAudit'
import { emailChangeEmail, emailChangeNotice } from '@/services/mail/accountEmails'
import { endSessions } from '@/services/sessions/endSessions'
import { listMemberships } from '@/domain/identity/memberships'

import { hashLinkToken, isLinkToken, newLinkToken } from './tokens'

/** How long the new address has to confirm. */
const CONFIRM_WITHIN_MS = 24 * 3_600_000

/** Set while a confirmed change is applied, so the write is not deferred again. */
declare module 'payload' {
  interface RequestContext {
    /** Set while a confirmed email change is written: the credentials guard lets that one through. */
    applyingEmailChange?: boolean
  }
}

export const normaliseEmail = (value: unknown): string => (typeof value === 'string' ? value.trim().toLowerCase() : '')

type Pending = { to: string; from: string; token: string; person: Pick<User, 'name' | 'preferredLocale'> }

/**
 * An email change asked for over the API does not happen yet: the account keeps its address,
 * notes the new one as pending with a token that only the new address receives, and both
 * addresses are told. Whether the new address is taken is judged at confirmation, so asking
 * tells nobody which addresses have accounts. Returns the data to store and the mails to send.
 */
export const deferEmailChange = async ({
  req,
  requested,
  current,
}: {
  req: PayloadRequest
  requested: string
  current: Pick<User, 'email' | 'name' | 'preferredLocale'>
}): Promise<{ data: Partial<User>; pending: Pending }> => {
  const to = normaliseEmail(requested)
  const valid = to.length <= 254 && validations.email(to, { req, required: true } as Parameters<typeof validations.email>[1])
  if (valid !== true) {
    throw invalid(to.length > 254 ? 'Use an email address of at most 254 characters.' : 'Enter a valid email address.', { field: 'email', collection: USERS })
  }
  const { token, hash } = newLinkToken()
  return {
    data: { email: current.email, pendingEmail: to, emailChangeTokenHash: hash, emailChangeExpiresAt: new Date(Date.now() + CONFIRM_WITHIN_MS).toISOString() },
    pending: { to, from: current.email, token, person: current },
  }
}

/** Mails the confirmation link to the new address and tells the old one. */
export const sendEmailChangeMails = async (req: PayloadRequest, { to, from, token, person }: Pending): Promise<void> => {
  await req.payload.sendEmail({ to, subject: emailChangeEmail.subject(person), html: emailChangeEmail.html(person, token) })
  await req.payload.sendEmail({ to: from, subject: emailChangeNotice.subject(person), html: emailChangeNotice.html(person, token) })
}

/**
 * Applies the change the token was sent for: the account takes the new address (verified, since
 * the link proves the mailbox), every session ends, and the change is audited. An address taken
 * meanwhile by another account drops the change instead ('taken'). Run it in a transaction.
 */
export const confirmEmailChange = async (req: PayloadRequest, token: unknown): Promise<'changed' | 'taken'> => {
  if (!isLinkToken(token)) {
    throw invalid(INVALID_LINK)
  }
  const { docs } = await req.payload.find({
    collection: USERS,
    where: { and: [{ emailChangeTokenHash: { equals: hashLinkToken(token) } }, { emailChangeExpiresAt: { greater_than: new Date().toISOString() } }] },
    limit: 1,
    pagination: false,
    depth: 0,
    showHiddenFields: true,
    overrideAccess: true,
    req,
  })
  const person = docs[0]
  if (!person?.pendingEmail) {
    throw invalid(INVALID_LINK)
  }
  const cleared = { pendingEmail: null, emailChangeTokenHash: null, emailChangeExpiresAt: null }
  const taken = await req.payload.count({ collection: USERS, where: { and: [{ email: { equals: person.pendingEmail } }, { id: { not_equals: person.id } }] }, overrideAccess: true, req })
  req.context.applyingEmailChange = true
  try {
    if (taken.totalDocs > 0) {
      await req.payload.update({ collection: USERS, id: person.id, data: cleared, overrideAccess: true, req })
      return 'taken'
    }
    await req.payload.update({ collection: USERS, id: person.id, data: { ...cleared, email: person.pendingEmail, _verified: true }, overrideAccess: true, req })
  } finally {
    req.context.applyingEmailChange = false
  }
  await endSessions({ req, userIds: [person.id] })
  await recordAudit({
    req,
    action: 'email-change',
    collection: USERS,
    documentId: person.id,
    actor: { id: person.id, label: person.pendingEmail },
    changedFields: ['email'],
    tenants: listMemberships(person).map((m) => m.tenantId),
  })
  return 'changed'
}

const INVALID_LINK = 'This confirmation link is invalid or has expired.'
