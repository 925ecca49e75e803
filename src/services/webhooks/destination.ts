import dns from 'node:dns'
import net from 'node:net'

import { addressKind } from './addressKind'
import { allowsAddress, normalHostName } from './allowList'
import type { AllowList } from './allowList'

export type ResolvedAddress = { address: string; family: number }

/** Resolves a host name to every address it has (replaceable in tests). */
export type Lookup = (hostname: string) => Promise<ResolvedAddress[]>

export type DestinationCheck = { ok: true; url: URL; addresses: ResolvedAddress[] } | { ok: false; reason: string }

const PUBLIC_ONLY = 'webhooks are only delivered to public internet addresses.'

const EMPTY_ALLOW_LIST: AllowList = { hosts: new Set(), ranges: [] }

const systemLookup: Lookup = (hostname) => dns.promises.lookup(hostname, { all: true })

const refuse = (reason: string): DestinationCheck => ({ ok: false, reason })

/** RFC 6761: these names are this machine, whatever a resolver would say about them. */
const isLocalhostName = (host: string): boolean => host === 'localhost' || host.endsWith('.localhost')

/**
 * Decides whether a webhook may be sent to `rawUrl`, and to which addresses: every address the
 * host resolves to must be public (or allowed by the operator), since the connection could use
 * any of them. A delivery connects only to the addresses returned here, so a DNS answer that
 * changes afterwards (rebinding) cannot lead it elsewhere.
 */
export const checkDestination = async (
  rawUrl: string,
  { allow = EMPTY_ALLOW_LIST, lookup = systemLookup }: { allow?: AllowList; lookup?: Lookup } = {},
): Promise<DestinationCheck> => {
  let url: URL
  try {
    url = new URL(rawUrl)
  } catch {
    return refuse('This is not a web address; it should look like https://example.com/webhooks.')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return refuse(`A webhook address must start with https:// or http://, not ${url.protocol}.`)
  }
  if (url.username || url.password) {
    return refuse('A webhook address may not contain a user name or password; receivers check the signature instead.')
  }
  // WHATWG URL has already turned odd IPv4 spellings (2130706433, 0x7f.1) into dotted form.
  const literal = url.hostname.replace(/^\[(.*)\]$/, '$1')
  const host = normalHostName(literal)
  const hostAllowed = allow.hosts.has(host)
  if (isLocalhostName(host) && !hostAllowed) {
    return refuse(`${host} is this server itself; ${PUBLIC_ONLY}`)
  }
  let addresses: ResolvedAddress[]
  if (net.isIP(literal)) {
    addresses = [{ address: literal, family: net.isIP(literal) }]
  } else {
    try {
      addresses = await lookup(url.hostname)
    } catch {
      addresses = []
    }
    if (addresses.length === 0) {
      return refuse(`${host} could not be found in DNS; check the address for typing mistakes.`)
    }
  }
  for (const { address } of addresses) {
    if (!net.isIP(address)) {
      return refuse(`${host} resolves to something that is not an IP address (${address}).`)
    }
    const kind = addressKind(address)
    if (!kind.public && (kind.metadata || !(hostAllowed || allowsAddress(allow, address)))) {
      const where = net.isIP(literal) ? `${address} is` : `${host} resolves to ${address},`
      return refuse(`${where} ${kind.description}; ${PUBLIC_ONLY}`)
    }
  }
  return { ok: true, url, addresses }
}
