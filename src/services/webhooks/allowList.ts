import net from 'node:net'
import ipaddr from 'ipaddr.js'
import type { IPv4, IPv6 } from 'ipaddr.js'

import { embeddedIPv4 } from './addressKind'

/** Private destinations the operator lets webhooks reach, such as a receiver on the school's own network. */
export type AllowList = {
  /** Exact host names, lower-case, without a trailing dot. */
  hosts: ReadonlySet<string>
  ranges: ReadonlyArray<[IPv4 | IPv6, number]>
}

const HOST_NAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/

/** Host names compare lower-case and without the root's trailing dot (`Example.com.` is `example.com`). */
export const normalHostName = (host: string): string => host.toLowerCase().replace(/\.$/, '')

const unbracketed = (value: string): string => value.replace(/^\[(.*)\]$/, '$1')

/**
 * Reads WEBHOOK_ALLOWED_HOSTS: comma-separated host names, IP addresses and CIDR ranges.
 * Only plain dotted IPv4 is taken as an address (`10.1` is a host name here), and an entry that
 * is none of these stops the app rather than being ignored, which would refuse deliveries the
 * operator meant to allow without saying why.
 */
export const parseAllowList = (value: string | undefined): AllowList => {
  const hosts = new Set<string>()
  const ranges: [IPv4 | IPv6, number][] = []
  for (const raw of (value ?? '').split(',')) {
    const entry = normalHostName(raw.trim())
    const [address = '', bits] = unbracketed(entry).split('/')
    if (!entry) {
      continue
    }
    if (net.isIP(address) && bits === undefined) {
      const ip = ipaddr.parse(address)
      ranges.push([ip, ip.kind() === 'ipv4' ? 32 : 128])
    } else if (net.isIP(address) && /^\d{1,3}$/.test(bits ?? '') && ipaddr.isValidCIDR(`${address}/${bits}`)) {
      ranges.push(ipaddr.parseCIDR(`${address}/${bits}`))
    } else if (HOST_NAME.test(entry)) {
      hosts.add(entry)
    } else {
      throw new Error(`WEBHOOK_ALLOWED_HOSTS: "${raw.trim()}" is neither a host name, an IP address nor a CIDR range.`)
    }
  }
  return { hosts, ranges }
}

/** Whether the operator allowed this address (IPv4-mapped and NAT64 forms count as their IPv4 address). */
export const allowsAddress = (allow: AllowList, address: string): boolean => {
  const ip = embeddedIPv4(ipaddr.parse(address))
  return allow.ranges.some(([network, bits]) => network.kind() === ip.kind() && ip.match(network, bits))
}
