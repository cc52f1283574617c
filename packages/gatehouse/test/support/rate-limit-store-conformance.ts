import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { beforeEach, describe, test } from 'node:test'
import type { BackoffPolicy, RateLimitStore } from '../../src/rate-limits/rate-limit-store.ts'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const WINDOW = 5 * MINUTE
const POLICY: BackoffPolicy = { failuresBeforeWait: 5, firstWaitMs: 30 * SECOND, maxWaitMs: 4 * MINUTE, forgetAfterMs: 24 * HOUR }

/** Builds the store under test; called once per suite. */
export type RateLimitStoreFactory = () => RateLimitStore | Promise<RateLimitStore>

/**
 * The behaviour every `RateLimitStore` must have: window counters with the previous window's
 * count, back-off claims, forgetting and expiry, and atomic counting under parallel calls. The
 * SQL store (on SQLite and PostgreSQL), the Redis store and the memory store all run it.
 * Time is passed in (`now`), so nothing sleeps; every test uses keys of its own.
 *
 * @example
 * describeRateLimitStoreConformance('sql rate-limit store', () => createSqlRateLimitStore(core.database.db))
 */
export function describeRateLimitStoreConformance(name: string, createStore: RateLimitStoreFactory): void {
  describe(`${name} conformance`, () => {
    let store: RateLimitStore
    // A window boundary well away from "now", so that windows are predictable.
    const base = Math.floor(Date.now() / HOUR) * HOUR + 7 * HOUR
    let key: string
    beforeEach(async () => {
      store ??= await createStore()
      key = `conformance:${randomBytes(8).toString('hex')}`
    })

    test('should start a window with the first hit: its cost, nothing before, the window aligned', async () => {
      assert.deepEqual(await store.countHit(key, WINDOW, 1, base + 10 * SECOND), { current: 1, previous: 0, windowStart: base })
    })

    test('should add hits and costs within one window', async () => {
      await store.countHit(key, WINDOW, 1, base)
      await store.countHit(key, WINDOW, 3, base + MINUTE)
      assert.deepEqual(await store.countHit(key, WINDOW, 1, base + WINDOW - 1), { current: 5, previous: 0, windowStart: base })
    })

    test('should carry the last window\'s count as "previous" into the next window', async () => {
      for (let i = 0; i < 4; i++) await store.countHit(key, WINDOW, 1, base + i * SECOND)
      assert.deepEqual(await store.countHit(key, WINDOW, 1, base + WINDOW + SECOND), { current: 1, previous: 4, windowStart: base + WINDOW })
      assert.deepEqual(await store.countHit(key, WINDOW, 1, base + WINDOW + 2 * SECOND), { current: 2, previous: 4, windowStart: base + WINDOW })
    })

    test('should forget both windows after a gap of more than one window', async () => {
      await store.countHit(key, WINDOW, 7, base)
      assert.deepEqual(await store.countHit(key, WINDOW, 1, base + 2 * WINDOW + SECOND), { current: 1, previous: 0, windowStart: base + 2 * WINDOW })
    })

    test('should add the hit of a node whose clock is behind to the newest window', async () => {
      await store.countHit(key, WINDOW, 1, base + WINDOW + SECOND)
      assert.deepEqual(await store.countHit(key, WINDOW, 1, base + WINDOW - SECOND), { current: 2, previous: 0, windowStart: base + WINDOW })
    })

    test('should keep keys apart', async () => {
      await store.countHit(key, WINDOW, 5, base)
      assert.deepEqual(await store.countHit(`${key}:other`, WINDOW, 1, base), { current: 1, previous: 0, windowStart: base })
    })

    test('should count 50 parallel hits exactly once each (every count from 1 to 50 is returned once)', async () => {
      const counts = await Promise.all(Array.from({ length: 50 }, () => store.countHit(key, WINDOW, 1, base)))
      assert.deepEqual(counts.map((c) => c.current).sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1))
      assert.equal((await store.countHit(key, WINDOW, 1, base)).current, 51)
    })

    test('should let the first failures through without a wait, then wait firstWaitMs after the fifth', async () => {
      const now = base
      for (let i = 1; i <= 4; i++) assert.deepEqual(await store.claimAttempt(key, POLICY, now + i), { allowed: true, failures: i, blockedUntil: 0 })
      assert.deepEqual(await store.claimAttempt(key, POLICY, now + 5), { allowed: true, failures: 5, blockedUntil: now + 5 + 30 * SECOND })
    })

    test('should refuse without counting while a key waits, and double the wait after each further failure up to the cap', async () => {
      let now = base
      for (let i = 0; i < 5; i++) await store.claimAttempt(key, POLICY, now)
      let blockedUntil = now + 30 * SECOND
      assert.deepEqual(await store.claimAttempt(key, POLICY, blockedUntil - 1), { allowed: false, failures: 5, blockedUntil })
      const waits = []
      for (let failures = 6; failures <= 10; failures++) {
        now = blockedUntil
        const claim = await store.claimAttempt(key, POLICY, now)
        assert.equal(claim.allowed, true)
        assert.equal(claim.failures, failures)
        waits.push(claim.blockedUntil - now)
        blockedUntil = claim.blockedUntil
      }
      assert.deepEqual(waits, [60 * SECOND, 120 * SECOND, 4 * MINUTE, 4 * MINUTE, 4 * MINUTE])
    })

    test('should forget failures on request, and by themselves forgetAfterMs after the last one', async () => {
      for (let i = 0; i < 5; i++) await store.claimAttempt(key, POLICY, base)
      await store.forget(key)
      assert.deepEqual(await store.claimAttempt(key, POLICY, base + 1), { allowed: true, failures: 1, blockedUntil: 0 })
      for (let i = 0; i < 4; i++) await store.claimAttempt(key, POLICY, base + 2)
      assert.deepEqual(await store.claimAttempt(key, POLICY, base + 2 + POLICY.forgetAfterMs), { allowed: true, failures: 1, blockedUntil: 0 })
      await store.forget(`${key}:never-seen`)
    })

    test('should let exactly failuresBeforeWait of 50 parallel attempts through on a fresh key', async () => {
      const claims = await Promise.all(Array.from({ length: 50 }, () => store.claimAttempt(key, POLICY, base)))
      assert.equal(claims.filter((c) => c.allowed).length, 5)
      assert.deepEqual(claims.filter((c) => c.allowed).map((c) => c.failures).sort((a, b) => a - b), [1, 2, 3, 4, 5])
      assert.ok(claims.filter((c) => !c.allowed).every((c) => c.blockedUntil === base + 30 * SECOND && c.failures === 5))
    })

    test('should never answer degraded', async () => {
      assert.equal((await store.countHit(key, WINDOW, 1, base)).degraded ?? false, false)
      assert.equal((await store.claimAttempt(key, POLICY, base)).degraded ?? false, false)
    })

    test('should delete expired counters and keep live ones (or report 0 when the store expires keys itself)', async () => {
      await store.countHit(key, WINDOW, 1, base)
      await store.claimAttempt(`${key}:failures`, POLICY, base)
      const deleted = await store.deleteExpired(base + 2 * WINDOW)
      assert.ok(deleted >= 1 || deleted === 0)
      assert.deepEqual(await store.countHit(key, WINDOW, 1, base + 2 * WINDOW), { current: 1, previous: 0, windowStart: base + 2 * WINDOW })
      assert.deepEqual(await store.claimAttempt(`${key}:failures`, POLICY, base + 2 * WINDOW), { allowed: true, failures: 2, blockedUntil: 0 })
    })
  })
}
