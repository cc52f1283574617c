import { once } from 'node:events'
import type { Database } from '../db/database.ts'
import { connectRedis } from '../redis/connect-redis.ts'
import type { Redis } from '../redis/connect-redis.ts'
import { createRedisSessionStore } from './redis-session-store.ts'
import type { ResolvedSessionStore } from './session-store-config.ts'
import type { SessionPolicy } from './session-policy.ts'
import type { SessionStore } from './session-store.ts'
import { createSqlSessionStore } from './sql-session-store.ts'

/** The configured store, and the Redis connection it opened (null for SQL) for other stores to reuse. */
export interface OpenedSessionStore {
  readonly store: SessionStore
  readonly redis: Redis | null
  close(): Promise<void>
}

/**
 * Builds the session store named by the configuration; for Redis, connects first and throws
 * when Redis does not answer, so a wrong `REDIS_URL` stops start-up instead of every request.
 *
 * @example
 * const { store, close } = await openSessionStore(config.sessionStore, database, config.sessionPolicy)
 */
export async function openSessionStore(config: ResolvedSessionStore, database: Database, policy: SessionPolicy): Promise<OpenedSessionStore> {
  if (config.kind === 'sql') return { store: createSqlSessionStore(database), redis: null, close: async () => {} }
  const redis = await connectRedis(config.url)
  await warnIfRedisEvicts(redis)
  const store = createRedisSessionStore({ redis, db: database, keyPrefix: config.keyPrefix, idleTimeoutMs: policy.idleTimeoutMs })
  return {
    store,
    redis,
    close: () => closeRedis(redis),
  }
}

/**
 * Under memory pressure a Redis with an eviction policy may drop a user's set of session ids,
 * and "sign out everywhere" would then miss sessions. Managed Redis often refuses CONFIG: then
 * the documentation's requirement (`maxmemory-policy noeviction`) is all there is.
 */
async function warnIfRedisEvicts(redis: Redis): Promise<void> {
  try {
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as [string, string]
    if (policy && policy !== 'noeviction') {
      console.warn(`[gatehouse] Redis maxmemory-policy is ${policy}: set it to noeviction, or an evicted key could keep a revoked session alive (docs/deployment.md)`)
    }
  } catch {
    // CONFIG is disabled on this Redis.
  }
}

/**
 * QUIT (pending replies first) on a live connection, resolving once it is closed. Between
 * reconnection attempts there is no socket to close (and ioredis would never emit `end`), so
 * then the reconnecting simply stops.
 */
async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status !== 'ready') {
    redis.disconnect()
    return
  }
  const ended = once(redis, 'end')
  try {
    await redis.quit()
  } catch {
    redis.disconnect()
  }
  await ended
}
