import type { WebhookEndpoint } from '@/payload-types'

import { parseAllowList } from '@/services/webhooks/allowList'
import { checkDestination } from '@/services/webhooks/destination'
import { newWebhookSecret } from '@/services/webhooks/signature'
import { settings } from '@/settings'
import { invalid } from '@/shared/domainError'
import { WEBHOOK_ENDPOINTS } from '@/shared/slugs'

/** How long the previous secret keeps signing after a rotation, so receivers can switch over. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000

/** The operator's allowlist of otherwise refused destinations (WEBHOOK_ALLOWED_HOSTS). */
export const webhookAllowList = () => parseAllowList(settings.webhooks.allowedHosts)

/** Refuses a URL that is not http(s) to a public address (or one the operator allows). */
export const checkEndpointUrl = async (url: unknown): Promise<void> => {
  if (typeof url !== 'string' || url.trim() === '') {
    throw invalid('Give the URL deliveries are sent to.', { field: 'url', collection: WEBHOOK_ENDPOINTS })
  }
  const checked = await checkDestination(url.trim(), { allow: webhookAllowList() })
  if (!checked.ok) {
    throw invalid(checked.reason, { field: 'url', collection: WEBHOOK_ENDPOINTS })
  }
}

/** A fresh secret and what may be shown of it later. */
export const freshSecret = (): { secret: string; secretHint: string } => {
  const secret = newWebhookSecret()
  return { secret, secretHint: `…${secret.slice(-4)}` }
}

/** A rotation: a new secret, the current one signing beside it for a day. */
export const rotatedSecrets = (current: string | null | undefined, now: Date) => ({
  ...freshSecret(),
  previousSecret: current ?? null,
  previousSecretExpiresAt: current ? new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString() : null,
})

/** The secrets that sign a delivery now: the current one, and the previous one during its overlap. */
export const signingSecrets = (endpoint: Pick<WebhookEndpoint, 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>, now: Date): string[] => [
  ...(endpoint.secret ? [endpoint.secret] : []),
  ...(endpoint.previousSecret && endpoint.previousSecretExpiresAt && new Date(endpoint.previousSecretExpiresAt) > now ? [endpoint.previousSecret] : []),
]
