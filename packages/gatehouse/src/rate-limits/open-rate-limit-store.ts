import type { Database } from '../db/database.ts'
import { GatehouseConfigError } from '../errors.ts'
import type { Redis } from '../redis/connect-redis.ts'
import { createFallbackRateLimitStore } from './fallback-rate-limit-store.ts'
import { createMemoryRateLimitStore } from './memory-rate-limit-store.ts'
import type { ResolvedRateLimits } from './rate-limit-config.ts'
import type { RateLimitStore } from './rate-limit-store.ts'
import { createRedisRateLimitStore } from './redis-rate-limit-store.ts'
import { createSqlRateLimitStore } from './sql-rate-limit-store.ts'

/**
 * The store the configuration names, or null when rate limits are off. Redis (the default when
 * sessions are in Redis) shares the session store's connection and key prefix, and falls back
 * to this node's memory, with stricter limits, while Redis cannot answer.
 *
 * @example
 * const store = openRateLimitStore(config.rateLimits, database, sessions.redis, 'gatehouse:')
 */
export function openRateLimitStore(config: ResolvedRateLimits, database: Database, redis: Redis | null, keyPrefix?: string): RateLimitStore | null {
  if (!config.enabled) return null
  const kind = config.store ?? (redis ? 'redis' : 'sql')
  if (kind === 'memory') return createMemoryRateLimitStore()
  if (kind === 'sql') return createSqlRateLimitStore(database)
  if (!redis) throw new GatehouseConfigError("rateLimits.store 'redis' shares the Redis session store's connection: set sessionStore: { redisUrl } (REDIS_URL) too")
  return createFallbackRateLimitStore({
    primary: createRedisRateLimitStore({ redis, ...(keyPrefix === undefined ? {} : { keyPrefix }) }),
    isReachable: () => redis.status === 'ready',
    backoffDivisor: config.fallbackDivisor,
  })
}
