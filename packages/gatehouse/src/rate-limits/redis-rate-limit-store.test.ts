import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { before, describe, test } from 'node:test'
import type { Redis } from 'ioredis'
import { connectRedis } from '../redis/connect-redis.ts'
import { describeRateLimitStoreConformance } from '../../test/support/rate-limit-store-conformance.ts'
import { redisServerSkipReason, startRedisServer } from '../../test/support/redis-server.ts'
import type { RedisServer } from '../../test/support/redis-server.ts'
import { onCleanup, probeRedis, redisTestPrefix, redisUrl, skipReason } from '../../test/support/services.ts'
import { createFallbackRateLimitStore } from './fallback-rate-limit-store.ts'
import { createMemoryRateLimitStore } from './memory-rate-limit-store.ts'
import { RateLimitStoreUnavailableError } from './rate-limit-store.ts'
import { createRedisRateLimitStore } from './redis-rate-limit-store.ts'

const redisSkip = skipReason('Redis', await probeRedis())
const serverSkip = redisServerSkipReason()
const POLICY = { failuresBeforeWait: 4, firstWaitMs: 30_000, maxWaitMs: 900_000, forgetAfterMs: 86_400_000 }

let shared: Redis | undefined
async function sharedRedis(): Promise<Redis> {
  if (!shared) {
    const redis = await connectRedis(redisUrl)
    shared = redis
    onCleanup(async () => void (await redis.quit()))
  }
  return shared
}

describe('Redis rate-limit store', { skip: redisSkip ?? false }, () => {
  describeRateLimitStoreConformance('Redis rate-limit store', async () => createRedisRateLimitStore({ redis: await sharedRedis(), keyPrefix: redisTestPrefix() }))

  test('should give every counter a TTL, so Redis tidies keys away by itself', async () => {
    const redis = await sharedRedis()
    const keyPrefix = redisTestPrefix()
    const store = createRedisRateLimitStore({ redis, keyPrefix })
    const now = Date.now()
    await store.countHit('ttl:window', 60_000, 1, now)
    await store.claimAttempt('ttl:failures', POLICY, now)
    const windowTtl = await redis.pttl(`${keyPrefix}rate:ttl:window`)
    const failuresTtl = await redis.pttl(`${keyPrefix}rate:ttl:failures`)
    assert.ok(windowTtl > 0 && windowTtl <= 120_000, `window TTL ${windowTtl}`)
    assert.ok(failuresTtl > 86_000_000 && failuresTtl <= 86_400_000, `failures TTL ${failuresTtl}`)
    assert.equal(await store.deleteExpired(now), 0)
  })
})

describe('Redis rate-limit store when Redis stops', { skip: serverSkip ?? false }, () => {
  let server: RedisServer
  let redis: Redis
  const logged: string[] = []
  before(async () => {
    server = await startRedisServer()
    redis = await connectRedis(server.url, { log: () => {} })
    onCleanup(async () => void redis.disconnect())
  })

  test('should throw RateLimitStoreUnavailableError from the Redis store itself', async () => {
    const store = createRedisRateLimitStore({ redis, keyPrefix: 'bare:' })
    await server.stop('SIGKILL')
    try {
      await assert.rejects(store.countHit('k', 60_000, 1, Date.now()), RateLimitStoreUnavailableError)
      await assert.rejects(store.claimAttempt('k', POLICY, Date.now()), RateLimitStoreUnavailableError)
    } finally {
      await server.start()
      if (redis.status !== 'ready') await once(redis, 'ready')
    }
  })

  test('should count in memory, marked degraded and stricter for back-off, while Redis is down, report it once, and go back to Redis when it returns', async () => {
    const fallback = createMemoryRateLimitStore()
    const store = createFallbackRateLimitStore({
      primary: createRedisRateLimitStore({ redis, keyPrefix: 'fallback:' }),
      fallback,
      isReachable: () => redis.status === 'ready',
      backoffDivisor: 4,
      log: (message) => logged.push(message),
    })
    const key = `k:${randomBytes(4).toString('hex')}`
    const now = Date.now()
    assert.deepEqual(await store.countHit(key, 60_000, 1, now), { current: 1, previous: 0, windowStart: now - (now % 60_000) })

    await server.stop('SIGKILL')
    const during = await Promise.all([1, 2, 3].map(() => store.countHit(key, 60_000, 1, now)))
    assert.deepEqual(during.map((c) => [c.current, c.degraded]).sort(), [[1, true], [2, true], [3, true]])
    // Back-off: 4 free failures normally, 1 while degraded.
    const first = await store.claimAttempt(`${key}:failures`, POLICY, now)
    assert.deepEqual(first, { allowed: true, failures: 1, blockedUntil: now + 30_000, degraded: true })
    assert.equal((await store.claimAttempt(`${key}:failures`, POLICY, now)).allowed, false)
    assert.equal(logged.length, 1)
    assert.match(logged[0] ?? '', /unavailable; counting in this node's memory with stricter limits/)

    await server.start()
    if (redis.status !== 'ready') await once(redis, 'ready')
    // Redis kept nothing (no persistence): counting starts again there, not degraded.
    assert.deepEqual(await store.countHit(key, 60_000, 1, now), { current: 1, previous: 0, windowStart: now - (now % 60_000) })
    assert.equal(logged.length, 2)
    assert.match(logged[1] ?? '', /answers again/)
  })
})
