import type { CollectionAfterChangeHook, CollectionBeforeChangeHook } from 'payload'

import type { WebhookEndpoint } from '@/payload-types'

import { checkEndpointUrl, freshSecret } from '@/domain/webhooks/endpointRules'

declare module 'payload' {
  interface RequestContext {
    /** A new endpoint's secret, between its creation and the answer that shows it once. */
    issuedWebhookSecret?: string
  }
}

/** The URL must be deliverable; a new endpoint gets its secret; turning one back on clears why it was off. */
export const checkEndpoint: CollectionBeforeChangeHook<WebhookEndpoint> = async ({ data, originalDoc, operation, req }) => {
  if (operation === 'create' || (data.url !== undefined && data.url !== originalDoc?.url)) {
    await checkEndpointUrl(data.url)
    data.url = data.url!.trim()
  }
  if (operation === 'create') {
    const { secret, secretHint } = freshSecret()
    req.context.issuedWebhookSecret = secret
    return { ...data, secret, secretHint, previousSecret: null, previousSecretExpiresAt: null, disabledReason: null }
  }
  if (data.active === true && originalDoc?.active === false) {
    data.disabledReason = null
  }
  return data
}

/** The secret is in the create answer and nowhere else. */
export const showSecretOnce: CollectionAfterChangeHook<WebhookEndpoint> = ({ doc, operation, req }) => {
  if (operation === 'create' && req.context.issuedWebhookSecret !== undefined) {
    const secret = req.context.issuedWebhookSecret
    delete req.context.issuedWebhookSecret
    return { ...doc, secret }
  }
  return doc
}
