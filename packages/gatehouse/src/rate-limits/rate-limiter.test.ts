import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { GatehouseConfigError } from '../errors.ts'
import { manualClock } from '../../test/support/core.ts'
import { createMemoryRateLimitStore } from './memory-rate-limit-store.ts'
import { resolveRateLimits } from './rate-limit-config.ts'
import type { RateLimitOptions } from './rate-limit-config.ts'
import type { RateLimitStore } from './rate-limit-store.ts'
import { createRateLimiter, rateLimitKey } from './rate-limiter.ts'

const SECRET = 'x'.repeat(40)
const MINUTE = 60_000

/** A memory store that records every key it is given. */
function recordingStore(): RateLimitStore & { keys: string[] } {
  const inner = createMemoryRateLimitStore()
  const keys: string[] = []
  return {
    keys,
    countHit: (key, ...rest) => (keys.push(key), inner.countHit(key, ...rest)),
    claimAttempt: (key, ...rest) => (keys.push(key), inner.claimAttempt(key, ...rest)),
    forget: (key) => (keys.push(key), inner.forget(key)),
    deleteExpired: (now) => inner.deleteExpired(now),
  }
}

function limiterWith(options: RateLimitOptions, store: RateLimitStore = createMemoryRateLimitStore()) {
  const clock = manualClock()
  const limiter = createRateLimiter({ store, config: resolveRateLimits(options), secret: SECRET, clock })
  return { limiter, clock }
}

describe('createRateLimiter', () => {
  test('should allow an action up to each of its limits and refuse past any one of them, with the longest wait', async () => {
    const { limiter } = limiterWith({ policies: { 'registration.create': { ip: '3/1h', email: '2/10m' } } })
    const keys = { ip: '203.0.113.7', email: 'ada@example.com' }
    assert.equal((await limiter.limitAction('registration.create', keys)).allowed, true)
    assert.equal((await limiter.limitAction('registration.create', keys)).allowed, true)
    const third = await limiter.limitAction('registration.create', keys)
    assert.equal(third.allowed, false)
    assert.ok(third.retryAfterMs > 0 && third.retryAfterMs <= 20 * MINUTE, String(third.retryAfterMs))
    // Another email from the same address: only the address's limit (3) remains, and it is spent.
    const other = await limiter.limitAction('registration.create', { ip: keys.ip, email: 'bob@example.com' })
    assert.equal(other.allowed, false)
    assert.ok(other.retryAfterMs > 20 * MINUTE, 'the address waits for its hour')
    assert.equal((await limiter.limitAction('registration.create', { ip: '198.51.100.1', email: 'carol@example.com' })).allowed, true)
  })

  test('should skip keys the request does not have', async () => {
    const { limiter } = limiterWith({ policies: { 'reset_password.update': { ip: '100/1h', token: '1/1h' } } })
    for (let i = 0; i < 3; i++) assert.equal((await limiter.limitAction('reset_password.update', { ip: '203.0.113.7' })).allowed, true)
  })

  test('should let requests through again once the window has slid past them', async () => {
    const { limiter, clock } = limiterWith({ policies: { 'session.create': { ip: '2/1m' } } })
    await limiter.consume('password.check:ip', 'a')
    await limiter.consume('password.check:ip', 'a')
    const refused = await limiter.consume('password.check:ip', 'a')
    assert.equal(refused.allowed, false)
    clock.advance(refused.retryAfterMs)
    assert.equal((await limiter.consume('password.check:ip', 'a')).allowed, true)
  })

  test('should refuse unknown actions and buckets loudly (a misspelt action must not go unlimited)', async () => {
    const { limiter } = limiterWith({})
    await assert.rejects(limiter.limitAction('reset_pasword.create', { ip: 'a' }), GatehouseConfigError)
    await assert.rejects(limiter.consume('password.check:email', 'a'), GatehouseConfigError)
  })

  test('should hand the store only HMACs of the keys, with the bucket in clear', async () => {
    const store = recordingStore()
    // An extension's action (declared in its manifest, merged in at start-up).
    const { limiter } = limiterWith({ policies: { 'reset_password.create': { ip: '10/1h', email: '3/1h' } } }, store)
    await limiter.limitAction('reset_password.create', { ip: '203.0.113.7', email: 'ada@example.com' })
    await limiter.claimSignInAttempt('ada@example.com')
    assert.equal(store.keys.length, 3)
    for (const key of store.keys) {
      assert.ok(!key.includes('ada') && !key.includes('203.0.113.7'), key)
      assert.match(key, /^[a-z_.]+:(ip|email|token):[A-Za-z0-9_-]{22}$/)
    }
    assert.ok(store.keys.includes(rateLimitKey(SECRET, 'reset_password.create:email', 'ada@example.com')))
    assert.notEqual(rateLimitKey(SECRET, 'a:ip', 'k'), rateLimitKey('y'.repeat(40), 'a:ip', 'k'))
  })

  test('should back off failed sign-ins per email, and forget them on success', async () => {
    const { limiter, clock } = limiterWith({ signInBackoff: { failuresBeforeWait: 2, firstWaitMs: 30_000, maxWaitMs: 60_000 } })
    assert.equal((await limiter.claimSignInAttempt('ada@example.com')).allowed, true)
    assert.equal((await limiter.claimSignInAttempt('ada@example.com')).allowed, true)
    assert.deepEqual(await limiter.claimSignInAttempt('ada@example.com'), { allowed: false, retryAfterMs: 30_000 })
    assert.equal((await limiter.claimSignInAttempt('bob@example.com')).allowed, true, 'other emails are not affected')
    clock.advance(30_000)
    assert.equal((await limiter.claimSignInAttempt('ada@example.com')).allowed, true)
    assert.deepEqual(await limiter.claimSignInAttempt('ada@example.com'), { allowed: false, retryAfterMs: 60_000 })
    await limiter.forgetSignInFailures('ada@example.com')
    assert.equal((await limiter.claimSignInAttempt('ada@example.com')).allowed, true)
  })

  test('should count a password check per address, then claim the email only when the address is allowed', async () => {
    const store = recordingStore()
    const { limiter } = limiterWith({ policies: { 'session.create': { ip: '2/1m' } }, signInBackoff: { failuresBeforeWait: 2, firstWaitMs: 30_000 } }, store)
    const keys = { ip: '203.0.113.7' }
    assert.deepEqual(await limiter.claimPasswordCheck(keys, 'ada@example.com'), { allowed: true, retryAfterMs: 0 })
    assert.deepEqual(await limiter.claimPasswordCheck(keys, ''), { allowed: true, retryAfterMs: 0 }, 'no email, no claim')
    const claims = () => store.keys.filter((key) => key.startsWith('password.check:email:')).length
    assert.equal(claims(), 1)
    const refused = await limiter.claimPasswordCheck(keys, 'ada@example.com')
    assert.equal(refused.allowed, false)
    assert.ok(refused.retryAfterMs > 30_000, 'the address waits for its window, not the email for its back-off')
    assert.equal(claims(), 1, 'a refused address claims no attempt on the email')
    assert.equal((await limiter.claimPasswordCheck({ ip: '198.51.100.1' }, 'ada@example.com')).allowed, true)
    const waiting = await limiter.claimPasswordCheck({ ip: '198.51.100.2' }, 'ada@example.com')
    assert.deepEqual(waiting, { allowed: false, retryAfterMs: 30_000 }, 'after its second failure the email waits')
  })

  test('should scale every limit and the free failures by the multiplier', async () => {
    const { limiter } = limiterWith({ multiplier: 3, policies: { 'session.create': { ip: '2/1m' } }, signInBackoff: { failuresBeforeWait: 1 } })
    for (let i = 0; i < 6; i++) assert.equal((await limiter.consume('password.check:ip', 'a')).allowed, true)
    assert.equal((await limiter.consume('password.check:ip', 'a')).allowed, false)
    for (let i = 0; i < 3; i++) assert.equal((await limiter.claimSignInAttempt('ada@example.com')).allowed, true)
    assert.equal((await limiter.claimSignInAttempt('ada@example.com')).allowed, false)
  })

  test('should divide window limits by fallbackDivisor while the store answers degraded', async () => {
    const inner = createMemoryRateLimitStore()
    const degraded: RateLimitStore = { ...inner, countHit: async (...args) => ({ ...(await inner.countHit(...args)), degraded: true }) }
    const { limiter } = limiterWith({ policies: { 'session.create': { ip: '8/1m' } }, fallbackDivisor: 4 }, degraded)
    assert.equal((await limiter.consume('password.check:ip', 'a')).allowed, true)
    assert.equal((await limiter.consume('password.check:ip', 'a')).allowed, true)
    assert.equal((await limiter.consume('password.check:ip', 'a')).allowed, false)
  })

  test('should allow everything without touching a store when switched off', async () => {
    const store = recordingStore()
    const { limiter } = limiterWith({ enabled: false, policies: { 'session.create': { ip: '1/1h' } } }, store)
    for (let i = 0; i < 5; i++) {
      assert.equal((await limiter.limitAction('password.check', { ip: 'a' })).allowed, true)
      assert.equal((await limiter.claimSignInAttempt('ada@example.com')).allowed, true)
      assert.equal((await limiter.claimPasswordCheck({ ip: 'a' }, 'ada@example.com')).allowed, true)
    }
    assert.equal(limiter.enabled, false)
    assert.deepEqual(store.keys, [])
  })
})
