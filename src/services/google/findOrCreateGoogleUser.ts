import type { PayloadRequest } from 'payload'

import type { Tenant, User } from '@/payload-types'

import crypto from 'node:crypto'
import { APIError } from 'payload'

import { USERS } from '@/collections/slugs'

import type { GoogleIdentity } from './oidc'

type Args = { req: PayloadRequest; identity: GoogleIdentity; tenant: Tenant | null }

/**
 * The person a Google identity signs in as: the one already linked to it; else the
 * account with the same email, linked now, but only when Google verified that email;
 * else a new student of the tenant, where it accepts registrations.
 */
export const findOrCreateGoogleUser = async ({ req, identity, tenant }: Args): Promise<{ user: User; created: boolean }> => {
  const { payload } = req
  const find = async (field: 'googleSub' | 'email', value: string) =>
    (await payload.find({ collection: USERS, where: { [field]: { equals: value } }, limit: 1, depth: 0, overrideAccess: true, req })).docs[0]

  const linked = await find('googleSub', identity.sub)
  if (linked) {
    return { user: linked, created: false }
  }
  if (!identity.email || !identity.emailVerified) {
    throw new APIError('Google has not verified this email address, so it cannot be used to sign in here.', 403)
  }
  const existing = await find('email', identity.email)
  if (existing) {
    if (existing.kind === 'integration') {
      throw new APIError('This account cannot sign in.', 403)
    }
    const user = await payload.update({
      collection: USERS,
      id: existing.id,
      data: { googleSub: identity.sub, _verified: true },
      overrideAccess: true,
      depth: 0,
      req,
    })
    return { user, created: false }
  }
  if (!tenant || tenant.registration !== 'open') {
    throw new APIError(
      tenant ? `${tenant.name} does not accept self-registration. Ask the school for an invitation.` : 'Sign up on a school\'s own address.',
      403,
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
