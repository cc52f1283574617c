import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { GatehouseConfigError } from '../errors.ts'
import { addressBucket, clientAddressFrom, normalizeAddress, parseTrustedProxies, resolveTrustedProxies } from './trusted-proxies.ts'

const none = resolveTrustedProxies()
const oneHop = resolveTrustedProxies(1)
const twoHops = resolveTrustedProxies(2)
const networks = resolveTrustedProxies(['10.0.0.0/8', '192.0.2.10', 'fd00::/8'])

describe('clientAddressFrom', () => {
  test('should take the socket address and ignore X-Forwarded-For when no proxy is trusted', () => {
    assert.equal(clientAddressFrom('198.51.100.9', '203.0.113.1, 203.0.113.2', none), '198.51.100.9')
    assert.equal(clientAddressFrom('198.51.100.9', null, none), '198.51.100.9')
  })

  test('should call a request without a socket address "unknown"', () => {
    assert.equal(clientAddressFrom(null, '203.0.113.1', none), 'unknown')
    assert.equal(clientAddressFrom(undefined, null, networks), 'unknown')
  })

  test('should take the address the last trusted hop saw, whatever a client wrote before it', () => {
    // The client forged "1.1.1.1"; the one proxy appended the real peer 203.0.113.7.
    assert.equal(clientAddressFrom('10.0.0.2', '1.1.1.1, 203.0.113.7', oneHop), '203.0.113.7')
    assert.equal(clientAddressFrom('10.0.0.2', '1.1.1.1, 203.0.113.7, 10.0.0.5', twoHops), '203.0.113.7')
    // Fewer entries than hops: the left-most there is.
    assert.equal(clientAddressFrom('10.0.0.2', '203.0.113.7', twoHops), '203.0.113.7')
    assert.equal(clientAddressFrom('10.0.0.2', null, oneHop), '10.0.0.2')
    // Several X-Forwarded-For headers arrive joined with commas.
    assert.equal(clientAddressFrom('10.0.0.2', '1.1.1.1,203.0.113.7', oneHop), '203.0.113.7')
  })

  test('should take the right-most address outside the trusted networks', () => {
    assert.equal(clientAddressFrom('10.0.0.2', '1.1.1.1, 203.0.113.7, 192.0.2.10', networks), '203.0.113.7')
    assert.equal(clientAddressFrom('10.0.0.2', 'garbage, 10.1.2.3', networks), 'garbage')
    // A direct connection from outside: the header is not believed.
    assert.equal(clientAddressFrom('198.51.100.9', '1.1.1.1', networks), '198.51.100.9')
    // Every hop trusted: the left-most.
    assert.equal(clientAddressFrom('10.0.0.2', '10.0.0.3', networks), '10.0.0.3')
    assert.equal(clientAddressFrom('fd00::1', '2001:db8::5', networks), '2001:db8::5')
  })
})

describe('addresses', () => {
  test('should normalise mapped IPv4, brackets, ports and case', () => {
    assert.equal(normalizeAddress('::ffff:203.0.113.7'), '203.0.113.7')
    assert.equal(normalizeAddress('203.0.113.7:51234'), '203.0.113.7')
    assert.equal(normalizeAddress('[2001:DB8::1]:443'), '2001:db8::1')
    assert.equal(normalizeAddress(' 2001:DB8::1 '), '2001:db8::1')
    assert.equal(normalizeAddress('x'.repeat(500)).length, 100)
  })

  test('should count IPv6 clients by their /64 network and IPv4 clients alone', () => {
    assert.equal(addressBucket('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64')
    assert.equal(addressBucket('2001:db8:1:2::ffff'), '2001:db8:1:2::/64')
    assert.equal(addressBucket('2001:db8::1'), '2001:db8:0:0::/64')
    assert.equal(addressBucket('::1'), '0:0:0:0::/64')
    assert.equal(addressBucket('203.0.113.7'), '203.0.113.7')
    assert.equal(addressBucket('unknown'), 'unknown')
  })
})

describe('trusted proxies setting', () => {
  test('should read a number of proxies or a comma-separated list', () => {
    assert.equal(parseTrustedProxies('1'), 1)
    assert.deepEqual(parseTrustedProxies(' 10.0.0.0/8 , 192.0.2.10 '), ['10.0.0.0/8', '192.0.2.10'])
    assert.equal(parseTrustedProxies(''), undefined)
    assert.equal(parseTrustedProxies(undefined), undefined)
    assert.deepEqual(resolveTrustedProxies(0), { kind: 'none' })
  })

  test('should refuse what is not an address, a network or a sane count', () => {
    for (const option of [-1, 1.5, 50, ['10.0.0.0/33'], ['proxy.internal'], ['10.0.0.0/x'], ['fd00::/129']]) {
      assert.throws(() => resolveTrustedProxies(option as never), GatehouseConfigError, JSON.stringify(option))
    }
  })
})
