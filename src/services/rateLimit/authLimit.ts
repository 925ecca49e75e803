import { settings } from '@/settings'

import { type RateDecision, rateLimiter } from './index'

/**
 * Counts one attempt of an auth action (login, reset, verify, ...) from an IP, in that action's
 * own window: RATE_LIMIT_AUTH_MAX attempts per RATE_LIMIT_AUTH_WINDOW_SECONDS, shared by every
 * process through Redis when it is configured.
 */
export const hitAuthLimit = (ip: string, action: string): Promise<RateDecision> =>
  rateLimiter().hit(`${action}:${ip}`, settings.rateLimit.authMax, settings.rateLimit.authWindowSeconds)

export const tooManyAttempts = (retryAfterSeconds: number): string => `Too many attempts. Try again in ${retryAfterSeconds} seconds.`

/** The bucket every way of spending an email-verification token shares (REST, the link, GraphQL). */
export const VERIFY_EMAIL = 'verifyEmail'
