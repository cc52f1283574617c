import type { Redis } from 'ioredis'
import { isRedisOutage } from '../redis/redis-outage.ts'
import type { RateLimitStore } from './rate-limit-store.ts'
import { RateLimitStoreUnavailableError, windowStartOf } from './rate-limit-store.ts'

/*
 * Each counter is one hash under `<prefix>rate:<key>`, written by one Lua script (atomic in
 * Redis). Window counters hold window_start, hits, previous_hits; back-off counters hold hits
 * (failures), wait_ms, blocked_until, expires_at. Decisions use the node's clock (`now`), as the
 * SQL store does; Redis's TTL only tidies keys away once they cannot matter any more.
 */

/** KEYS: counter. ARGV: windowStart, windowMs, cost, now. Returns {hits, previous_hits, window_start}. */
const COUNT_HIT = `local ws = tonumber(ARGV[1])
local w = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local now = tonumber(ARGV[4])
local stored = redis.call('HMGET', KEYS[1], 'window_start', 'hits', 'previous_hits')
local start = tonumber(stored[1])
local hits, previous
if start == nil then
  start = ws; hits = cost; previous = 0
elseif start >= ws then
  hits = tonumber(stored[2]) + cost; previous = tonumber(stored[3])
else
  if start == ws - w then previous = tonumber(stored[2]) else previous = 0 end
  start = ws; hits = cost
end
redis.call('HSET', KEYS[1], 'window_start', start, 'hits', hits, 'previous_hits', previous)
redis.call('PEXPIRE', KEYS[1], math.max(start + 2 * w - now, w))
return {hits, previous, start}`

/** KEYS: counter. ARGV: now, failuresBeforeWait, firstWaitMs, maxWaitMs, forgetAfterMs. Returns {allowed, failures, blocked_until}. */
const CLAIM_ATTEMPT = `local now = tonumber(ARGV[1])
local stored = redis.call('HMGET', KEYS[1], 'hits', 'wait_ms', 'blocked_until', 'expires_at')
local failures = tonumber(stored[1]) or 0
local wait = tonumber(stored[2]) or 0
local blocked = tonumber(stored[3]) or 0
local expires = tonumber(stored[4])
if expires ~= nil and expires <= now then
  failures = 0; wait = 0; blocked = 0
end
if blocked > now then return {0, failures, blocked} end
failures = failures + 1
if failures < tonumber(ARGV[2]) then
  wait = 0
elseif wait == 0 then
  wait = tonumber(ARGV[3])
else
  wait = math.min(tonumber(ARGV[4]), wait * 2)
end
if wait == 0 then blocked = 0 else blocked = now + wait end
redis.call('HSET', KEYS[1], 'hits', failures, 'wait_ms', wait, 'blocked_until', blocked, 'expires_at', now + tonumber(ARGV[5]))
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[5]))
return {1, failures, blocked}`

export interface RedisRateLimitStoreOptions {
  /** A connection from `connectRedis` (fail-fast settings), usually the session store's; not closed here. */
  readonly redis: Redis
  /** Prepended to every key (default `gatehouse:`), as for sessions. */
  readonly keyPrefix?: string
}

type Script = (key: string, ...args: (string | number)[]) => Promise<unknown>

/**
 * Rate-limit counters in Redis, shared by every node. A Redis that cannot answer makes each call
 * throw `RateLimitStoreUnavailableError`; `createFallbackRateLimitStore` then counts in memory.
 *
 * @example
 * const store = createRedisRateLimitStore({ redis: core.redis, keyPrefix: 'gatehouse:' })
 */
export function createRedisRateLimitStore(options: RedisRateLimitStoreOptions): RateLimitStore {
  const { redis } = options
  const prefix = `${options.keyPrefix ?? 'gatehouse:'}rate:`
  const countHit = defineScript(redis, 'gatehouseRateCountHit', COUNT_HIT)
  const claimAttempt = defineScript(redis, 'gatehouseRateClaimAttempt', CLAIM_ATTEMPT)
  return {
    async countHit(key, windowMs, cost, now) {
      const [current, previous, windowStart] = (await guard(() => countHit(prefix + key, windowStartOf(now, windowMs), windowMs, cost, now))) as number[]
      return { current: Number(current), previous: Number(previous), windowStart: Number(windowStart) }
    },
    async claimAttempt(key, policy, now) {
      const [allowed, failures, blockedUntil] = (await guard(() =>
        claimAttempt(prefix + key, now, policy.failuresBeforeWait, policy.firstWaitMs, policy.maxWaitMs, policy.forgetAfterMs),
      )) as number[]
      return { allowed: allowed === 1, failures: Number(failures), blockedUntil: Number(blockedUntil) }
    },
    async forget(key) {
      await guard(() => redis.del(prefix + key))
    },
    async deleteExpired() {
      return 0 // every key carries a TTL
    },
  }
}

/** ioredis sends EVALSHA and loads the script only when Redis does not know it yet. */
function defineScript(redis: Redis, name: string, lua: string): Script {
  redis.defineCommand(name, { numberOfKeys: 1, lua })
  const run = (redis as unknown as Record<string, (...args: (string | number)[]) => Promise<unknown>>)[name]
  if (!run) throw new Error(`ioredis did not define ${name}`)
  return (key, ...args) => run.call(redis, key, ...args)
}

async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (isRedisOutage(error)) throw new RateLimitStoreUnavailableError(`the Redis rate-limit store is unavailable: ${(error as Error).message}`, { cause: error })
    throw error
  }
}
