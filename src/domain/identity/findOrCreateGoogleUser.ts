import type { PayloadRequest } from 'payload'

import { conflict, forbidden } from '@/shared/domainError'
import type { Tenant, User } from '@/payload-types'

import crypto from 'node:crypto'

import { USERS } from '@/shared/slugs'

import type { GoogleIdentity } from '@/services/google/oidc'

type Args = { req: PayloadRequest; identity: GoogleIdentity; tenant: Tenant | null }

/**
 * Said to the person Google vouches for when an account with their address exists here
 * unconfirmed: its password reset mail goes to that address, and completing the reset
 * confirms it (see verifyByPasswordReset), after which Google sign-in links it.
 */
const UNCONFIRMED_ACCOUNT_MESSAGE =
  'An account with this email address exists here, but the address was never confirmed, so Google sign-in ' +
  'cannot use it. Choose "Forgot password?" on the sign-in page to set a new password (the link goes to this ' +
  'address), then sign in with Google again.'

/**
 * The person a Google identity signs in as: the one already linked to it; else the
 * account with the same email, linked now, but only when Google verified that email and
 * the account's owner confirmed it here too; else a new student of the tenant, where it
 * accepts registrations.
 */
export const findOrCreateGoogleUser = async ({ req, identity, tenant }: Args): Promise<{ user: User; created: boolean }> => {
  const { payload } = req
  const find = async (field: 'googleSub' | 'email', value: string) =>
    (await payload.find({ collection: USERS, where: { [field]: { equals: value } }, limit: 1, pagination: false, depth: 0, overrideAccess: true, req })).docs[0]

  const linked = await find('googleSub', identity.sub)
  if (linked) {
    return { user: linked, created: false }
  }
  if (!identity.email || !identity.emailVerified) {
    throw forbidden('Google has not verified this email address, so it cannot be used to sign in here.')
  }
  const existing = await find('email', identity.email)
  if (existing) {
    if (existing.kind === 'integration') {
      throw forbidden('This account cannot sign in.')
    }
    // Anyone can register any address where registration is open and wait, unconfirmed, for
    // its owner to arrive through Google: adopting that account would hand the owner's
    // sign-ins to whoever chose its password (pre-account takeover).
    if (existing._verified !== true) {
      throw conflict(UNCONFIRMED_ACCOUNT_MESSAGE)
    }
    const user = await payload.update({
      collection: USERS,
      id: existing.id,
      data: { googleSub: identity.sub },
      overrideAccess: true,
      depth: 0,
      req,
    })
    return { user, created: false }
  }
  if (!tenant || tenant.registration !== 'open') {
    throw forbidden(
      tenant ? `${tenant.name} does not accept self-registration. Ask the school for an invitation.` : 'Sign up on a school\'s own address.',
    )
  }
  const user = await payload.create({
    collection: USERS,
    data: {
      name: identity.name?.slice(0, 120) || identity.email.split('@')[0] || 'Student',
      email: identity.email,
      // Never used: this person signs in with Google, or resets a password by email.
      password: crypto.randomBytes(32).toString('base64url'),
      googleSub: identity.sub,
      _verified: true,
      preferredLocale: tenant.defaultLocale,
      tenants: [{ tenant: tenant.id, roles: ['student'] }],
    },
    disableVerificationEmail: true,
    overrideAccess: true,
    depth: 0,
    req,
  })
  return { user, created: true }
}
