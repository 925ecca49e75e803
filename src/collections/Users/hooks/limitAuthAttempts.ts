import type { CollectionBeforeOperationHook, PayloadRequest } from 'payload'

import { APIError } from 'payload'

import { clientIp } from '@/shared/clientIp'
import { hitAuthLimit, tooManyAttempts } from '@/services/rateLimit/authLimit'

/** Counts one attempt of `action` from the request's IP; over the limit, a 429 with Retry-After. */
export const enforceAuthRateLimit = async (req: PayloadRequest, action: string): Promise<void> => {
  const decision = await hitAuthLimit(clientIp(req.headers), action)
  if (!decision.allowed) {
    req.responseHeaders = new Headers({ 'Retry-After': String(decision.retryAfterSeconds) })
    throw new APIError(tooManyAttempts(decision.retryAfterSeconds), 429, { retryAfterSeconds: decision.retryAfterSeconds }, true)
  }
}

/** Auth operations limited per IP, like login: each one counts in its own window. */
const LIMITED = new Set(['login', 'forgotPassword', 'resetPassword', 'refresh', 'unlock'])

/**
 * Payload locks an account after repeated failures; this also slows down one IP trying many
 * accounts, tokens or refreshes. Covers REST and GraphQL, which share these operations. The
 * Local API (seeding, jobs) carries no client and is not limited.
 */
export const limitAuthAttempts: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  if (LIMITED.has(operation) && req.payloadAPI !== 'local') {
    await enforceAuthRateLimit(req, operation)
  }
  return args
}
