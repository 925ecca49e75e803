import ipaddr from 'ipaddr.js'
import type { IPv4, IPv6 } from 'ipaddr.js'

/** Never reachable, whatever the allowlist says: they hand out the cloud host's credentials. */
const METADATA = ['169.254.169.254', 'fd00:ec2::254', '100.100.100.200'].map((address) => ipaddr.parse(address))

/** IANA's global unicast block; every other IPv6 address is special in some way. */
const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3')
/** NAT64's well-known prefix (RFC 6052): the last 32 bits are the IPv4 address reached. */
const NAT64 = ipaddr.parseCIDR('64:ff9b::/96')

/** What an address is, in words a school admin can read, by ipaddr.js's range name. */
const DESCRIPTIONS: Record<string, string> = {
  metadata: 'a cloud metadata service',
  loopback: 'a loopback address (this server itself)',
  private: 'a private network address',
  uniqueLocal: 'a private network address',
  deprecatedSiteLocal: 'a private network address',
  carrierGradeNat: "a carrier-grade NAT address (inside a provider's network)",
  linkLocal: 'a link-local address',
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved or documentation address',
}
const SPECIAL = 'a special-purpose address'

export type AddressKind = { public: true } | { public: false; metadata: boolean; description: string }

/**
 * The IPv4 address an IPv6 one stands for, when it carries one that the network would reach:
 * IPv4-mapped (`::ffff:a.b.c.d`, which the kernel sends over IPv4) and NAT64.
 */
export const embeddedIPv4 = (ip: IPv4 | IPv6): IPv4 | IPv6 => {
  if (ip.kind() === 'ipv6') {
    const v6 = ip as IPv6
    if (v6.isIPv4MappedAddress()) {
      return v6.toIPv4Address()
    }
    if (v6.match(NAT64)) {
      return ipaddr.fromByteArray(v6.toByteArray().slice(12))
    }
  }
  return ip
}

const rangeOf = (ip: IPv4 | IPv6): string => {
  if (METADATA.some((metadata) => metadata.kind() === ip.kind() && metadata.toNormalizedString() === ip.toNormalizedString())) {
    return 'metadata'
  }
  const range = ip.range()
  if (range === 'unicast' && ip.kind() === 'ipv6' && !ip.match(GLOBAL_UNICAST)) {
    return 'special'
  }
  return range
}

/** Whether webhooks may go to `address` (an IP literal) on their own; the allowlist comes after. */
export const addressKind = (address: string): AddressKind => {
  const range = rangeOf(embeddedIPv4(ipaddr.parse(address)))
  if (range === 'unicast') {
    return { public: true }
  }
  return { public: false, metadata: range === 'metadata', description: DESCRIPTIONS[range] ?? SPECIAL }
}
