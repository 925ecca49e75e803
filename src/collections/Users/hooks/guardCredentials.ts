import type { CollectionAfterChangeHook, CollectionBeforeChangeHook, CollectionBeforeOperationHook } from 'payload'

import type { User } from '@/payload-types'

import { APIError } from 'payload'

import { CREDENTIALS_REFUSED, mayChangeCredentialsOf } from '@/domain/identity/credentials'
import { USERS } from '@/shared/slugs'
import { enforceAuthRateLimit } from './limitAuthAttempts'
import { deferEmailChange, normaliseEmail, sendEmailChangeMails } from '@/domain/identity/emailChange'

declare module 'payload' {
  interface RequestContext {
    /** Mails about an email change, sent once the change is committed. */
    emailChangeMails?: Parameters<typeof sendEmailChangeMails>[1]
  }
}

/** Where a deferred email change waits for its mails until the write has succeeded. */

/**
 * A person's password and email change only by the person, a super-admin, or an admin of every
 * school the person belongs to (mayChangeCredentialsOf), one person at a time. Checked before
 * the operation, where Payload says whether it is trusted code (overrideAccess).
 */
export const guardCredentials: CollectionBeforeOperationHook = async ({ args, operation, overrideAccess, req }) => {
  const { data, id } = args as { data?: { password?: unknown; email?: unknown }; id?: number | string }
  if (operation !== 'update' || overrideAccess || !data || (typeof data.password !== 'string' && typeof data.email !== 'string')) {
    return args
  }
  if (id === undefined) {
    throw new APIError("Change a person's password or email one person at a time.", 400)
  }
  const target = await req.payload.findByID({ collection: USERS, id, depth: 0, overrideAccess: true, disableErrors: true, req })
  if (!target) {
    // Payload answers for a document that is not there.
    return args
  }
  const unchanged = typeof data.password !== 'string' && normaliseEmail(String(data.email)) === normaliseEmail(target.email)
  if (!unchanged && !(await mayChangeCredentialsOf(req, target))) {
    throw new APIError(CREDENTIALS_REFUSED, 403)
  }
  return args
}

/**
 * An email change asked for over the API waits for the new address to confirm it
 * (deferEmailChange); the system's own writes, and the confirmed change itself, apply directly.
 */
export const deferEmailChanges: CollectionBeforeChangeHook<User> = async ({ data, originalDoc, operation, req }) => {
  const changed = typeof data.email === 'string' && typeof originalDoc?.email === 'string' && normaliseEmail(data.email) !== normaliseEmail(originalDoc.email)
  if (operation !== 'update' || !changed || req.payloadAPI === 'local' || req.context.applyingEmailChange === true) {
    return data
  }
  // Each request mails an address the asker chose: limited like the other mails anyone can trigger.
  await enforceAuthRateLimit(req, 'email-change')
  const { data: deferred, pending } = await deferEmailChange({ req, requested: data.email!, current: originalDoc })
  req.context.emailChangeMails = pending
  return { ...data, ...deferred }
}

/**
 * Sends the confirmation and the notice of a deferred email change after the write's own hooks.
 * Mail cannot be rolled back: should the write still fail, the link in it names nothing.
 */
export const mailEmailChange: CollectionAfterChangeHook<User> = async ({ doc, req }) => {
  const pending = req.context.emailChangeMails
  if (pending) {
    delete req.context.emailChangeMails
    await sendEmailChangeMails(req, pending)
  }
  return doc
}
