import { BlockList, isIP } from 'node:net'
import { GatehouseConfigError } from '../errors.ts'

/**
 * Which requests' `X-Forwarded-For` is believed: a number of proxies in front of the app (each
 * appends the address it received the request from), or the addresses and networks of the
 * proxies (`['10.0.0.0/8', '192.0.2.10']`). Unset: nobody's; the socket's address is the client.
 */
export type TrustedProxiesOption = number | readonly string[]

export type ResolvedTrustedProxies =
  | { readonly kind: 'none' }
  | { readonly kind: 'hops'; readonly count: number }
  | { readonly kind: 'networks'; readonly list: BlockList; readonly networks: readonly string[] }

/** The client key when neither a socket address nor a trusted header says who sent a request. */
export const UNKNOWN_CLIENT = 'unknown'

/**
 * @example
 * resolveTrustedProxies(1) // { kind: 'hops', count: 1 }
 * resolveTrustedProxies(['10.0.0.0/8']) // { kind: 'networks', … }
 */
export function resolveTrustedProxies(option?: TrustedProxiesOption): ResolvedTrustedProxies {
  if (option === undefined || option === 0) return { kind: 'none' }
  if (typeof option === 'number') {
    if (!Number.isSafeInteger(option) || option < 0 || option > 20) throw new GatehouseConfigError(`trustedProxies must be a number of proxies (0–20) or a list of addresses and networks, got ${option}`)
    return { kind: 'hops', count: option }
  }
  const list = new BlockList()
  for (const entry of option) {
    const [address = '', prefix] = entry.trim().split('/')
    const family = isIP(address)
    const bits = prefix === undefined ? undefined : Number(prefix)
    const maxBits = family === 6 ? 128 : 32
    if (family === 0 || (bits !== undefined && !(Number.isInteger(bits) && bits >= 0 && bits <= maxBits && /^\d+$/.test(prefix ?? '')))) {
      throw new GatehouseConfigError(`trustedProxies: ${JSON.stringify(entry)} is not an IP address or network (e.g. 10.0.0.0/8, fd00::/8)`)
    }
    const type = family === 6 ? 'ipv6' : 'ipv4'
    if (bits === undefined) list.addAddress(normalizeAddress(address), type)
    else list.addSubnet(address, bits, type)
  }
  return { kind: 'networks', list, networks: [...option] }
}

/**
 * `GATEHOUSE_TRUSTED_PROXIES`: a number of proxies (`1`), or a comma-separated list of addresses
 * and networks (`10.0.0.0/8, 192.0.2.10`). Empty: none.
 *
 * @example
 * parseTrustedProxies('10.0.0.0/8, 192.0.2.10') // ['10.0.0.0/8', '192.0.2.10']
 */
export function parseTrustedProxies(text: string | undefined): TrustedProxiesOption | undefined {
  const trimmed = text?.trim() ?? ''
  if (trimmed === '') return undefined
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  return trimmed.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '')
}

/**
 * The client's address: the socket's when no proxy is trusted (a forged `X-Forwarded-For` then
 * changes nothing); with N trusted proxies the N-th address from the right of
 * `X-Forwarded-For` + socket; with trusted networks the right-most address that is not one of
 * them. No socket address (a runtime that gives none) counts as `unknown`.
 *
 * @example
 * clientAddressFrom('10.0.0.2', '203.0.113.7, 198.51.100.1', { kind: 'hops', count: 1 }) // '198.51.100.1'
 */
export function clientAddressFrom(socketAddress: string | null | undefined, forwardedFor: string | null | undefined, proxies: ResolvedTrustedProxies): string {
  const socket = socketAddress ? normalizeAddress(socketAddress) : UNKNOWN_CLIENT
  if (proxies.kind === 'none') return socket
  const chain = [...(forwardedFor ?? '').split(',').map((entry) => normalizeAddress(entry)).filter((entry) => entry !== ''), socket]
  if (proxies.kind === 'hops') return chain[Math.max(0, chain.length - 1 - proxies.count)] ?? socket
  for (let i = chain.length - 1; i >= 0; i--) {
    const address = chain[i] ?? ''
    const family = isIP(address)
    if (family === 0 || !proxies.list.check(address, family === 6 ? 'ipv6' : 'ipv4')) return address
  }
  return chain[0] ?? socket
}

/**
 * An address as one client: IPv4-mapped IPv6 as IPv4, a port or brackets removed, lower case;
 * anything that is no address is kept (cut to 100 characters) and simply counted as itself.
 *
 * @example
 * normalizeAddress('::ffff:203.0.113.7') // '203.0.113.7'
 * normalizeAddress('[2001:DB8::1]:443') // '2001:db8::1'
 */
export function normalizeAddress(text: string): string {
  let address = text.trim().toLowerCase()
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address)
  if (bracketed?.[1]) address = bracketed[1]
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'))
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/.exec(address)
  if (mapped?.[1]) address = mapped[1]
  return address.slice(0, 100)
}

/**
 * What rate limits count an address as: itself for IPv4, its /64 network for IPv6 (one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses would count nothing).
 *
 * @example
 * addressBucket('2001:db8:1:2:3:4:5:6') // '2001:db8:1:2::/64'
 */
export function addressBucket(address: string): string {
  if (isIP(address) !== 6) return address
  const groups = expandIpv6(address)
  return groups ? `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64` : address
}

function expandIpv6(address: string): string[] | null {
  let text = address.split('%')[0] ?? ''
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text)
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const left = head === '' ? [] : head.split(':')
  const right = tail === undefined || tail === '' ? [] : tail.split(':')
  const missing = 8 - left.length - right.length
  if (tail === undefined ? missing !== 0 : missing < 1) return null
  return [...left, ...Array.from({ length: missing }, () => '0'), ...right].map((g) => g.padStart(4, '0'))
}
