import type { CollectionMeHook } from 'payload'

/**
 * Payload's `me` decodes the request's Bearer value as a JWT to report its expiry;
 * an API key is no JWT (that decoding would fail with a 500). A key has no expiry.
 */
export const meForApiKeys: CollectionMeHook = ({ user }) =>
  user?._strategy === 'api-key' ? { user, exp: 0 } : undefined
