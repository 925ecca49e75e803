/**
 * Header our own HTTP server sets from the socket (and trusted proxy hops); any
 * value a client sends under this name is overwritten there.
 */
export const CLIENT_IP_HEADER = 'x-aqoon-client-ip'

export const clientIp = (headers: Headers): string => headers.get(CLIENT_IP_HEADER) ?? 'unknown'

/**
 * The address to trust for a connection: the socket's, or, behind `hops` proxies
 * that each append to X-Forwarded-For, the entry the outermost trusted proxy wrote.
 */
export const trustedClientIp = (
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  hops: number,
): string => {
  const chain = (forwardedFor ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
  if (hops > 0 && chain.length >= hops) {
    return chain[chain.length - hops] ?? 'unknown'
  }
  return socketAddress ?? 'unknown'
}
