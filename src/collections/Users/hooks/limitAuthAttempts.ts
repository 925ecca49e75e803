import type { CollectionBeforeOperationHook, PayloadRequest } from 'payload'

import { APIError } from 'payload'

import { clientIp } from '@/http/clientIp'
import { rateLimiter } from '@/services/rateLimit'
import { settings } from '@/settings'

/** Counts one attempt of `action` from the request's IP; over the limit, a 429 with Retry-After. */
export const enforceAuthRateLimit = async (req: PayloadRequest, action: string): Promise<void> => {
  const { authMax, authWindowSeconds } = settings.rateLimit
  const decision = await rateLimiter().hit(`${action}:${clientIp(req.headers)}`, authMax, authWindowSeconds)
  if (!decision.allowed) {
    req.responseHeaders = new Headers({ 'Retry-After': String(decision.retryAfterSeconds) })
    throw new APIError(
      `Too many attempts. Try again in ${decision.retryAfterSeconds} seconds.`,
      429,
      { retryAfterSeconds: decision.retryAfterSeconds },
      true,
    )
  }
}

/** Set on `req.context` while the server itself issues invitation tokens. */
export const ISSUING_INVITATIONS = 'issuingInvitations'

/**
 * Payload locks an account after repeated failures; this also slows down one IP
 * trying many accounts. Covers REST and GraphQL, which share these operations.
 */
export const limitAuthAttempts: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  // The Local API (seeding, jobs) carries no client; only HTTP requests are limited.
  // Staff inviting people (bulk enrollment) issue reset tokens for others, not attempts.
  const limited = req.payloadAPI !== 'local' && req.context[ISSUING_INVITATIONS] !== true
  if ((operation === 'login' || operation === 'forgotPassword') && limited) {
    await enforceAuthRateLimit(req, operation)
  }
  return args
}
