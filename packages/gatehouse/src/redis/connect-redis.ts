import type { Redis } from 'ioredis'
import { loadOptionalDriver } from '../drivers/optional-driver.ts'
import { GatehouseConfigError } from '../errors.ts'

export type { Redis }

/** How a Redis connection behaves when Redis is slow or gone. */
export interface RedisConnectionOptions {
  /** A command that gets no answer within this long fails (default 1000 ms). */
  readonly commandTimeoutMs?: number
  /** Giving up on one connection attempt after this long (default 2000 ms). */
  readonly connectTimeoutMs?: number
  /** The longest wait between two reconnection attempts (default 1000 ms). */
  readonly maxReconnectDelayMs?: number
  /** Where connection losses and recoveries are reported, once each (default `console.warn`). */
  readonly log?: (message: string) => void
}

/**
 * Opens a Redis connection set to fail fast: while Redis is down or unresponsive every command
 * rejects at once or after `commandTimeoutMs` (no offline queue, no silent retries), and the
 * connection keeps reconnecting in the background, so service returns when Redis does. Waits
 * until Redis answers and throws when it does not, so a wrong `REDIS_URL` stops start-up.
 * Shared by every Redis-backed store of a node (sessions, rate limits): one connection each.
 *
 * @example
 * const redis = await connectRedis(process.env.REDIS_URL)
 * const store = createRedisSessionStore({ redis, db, idleTimeoutMs })
 * // on shutdown
 * await redis.quit()
 */
export async function connectRedis(url: string, options: RedisConnectionOptions = {}): Promise<Redis> {
  const where = describeRedisUrl(url)
  const log = options.log ?? ((message: string) => console.warn(message))
  const maxDelay = options.maxReconnectDelayMs ?? 1000
  const { Redis: RedisClient } = loadOptionalDriver<{ Redis: typeof Redis }>('ioredis', 'REDIS_URL is set')
  const redis = new RedisClient(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 1000,
    connectTimeout: options.connectTimeoutMs ?? 2000,
    retryStrategy: (attempt) => Math.min(attempt * 50, maxDelay),
  })
  reportOutages(redis, where, log)
  try {
    await redis.connect()
  } catch (error) {
    redis.disconnect()
    throw new Error(`Redis at ${where} did not answer: ${(error as Error).message}`, { cause: error })
  }
  return redis
}

/**
 * Checks a `REDIS_URL` without connecting; the message never repeats a password.
 *
 * @example
 * checkRedisUrl('redis://:secret@cache:6379/0') // fine
 * checkRedisUrl('cache:6379') // throws GatehouseConfigError
 */
export function checkRedisUrl(url: string): void {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new GatehouseConfigError(`REDIS_URL must be a redis:// or rediss:// URL, got ${JSON.stringify(describeRedisUrl(url))}`)
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new GatehouseConfigError(`REDIS_URL must be a redis:// or rediss:// URL, got ${JSON.stringify(describeRedisUrl(url))}`)
  }
}

/**
 * `host:port` of a Redis URL, for messages: the URL itself may hold a password.
 *
 * @example
 * describeRedisUrl('redis://:secret@cache:6380/1') // 'cache:6380'
 */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.hostname}:${parsed.port || '6379'}`
  } catch {
    return url.replace(/\/\/[^/?#]*@/, '//***@').slice(0, 40)
  }
}

/**
 * ioredis emits `error` on every failed reconnection attempt (an unhandled `error` would be
 * printed by ioredis itself) and `reconnecting` when a connection is lost: report the first
 * sign of an outage and the recovery, nothing in between. A deliberate `quit()` reports nothing.
 */
function reportOutages(redis: Redis, where: string, log: (message: string) => void): void {
  let down = false
  const markDown = (reason: string) => {
    if (down) return
    down = true
    log(`[gatehouse] Redis at ${where} is unavailable (${reason}); requests that need it answer 503 until it returns`)
  }
  redis.on('error', (error: Error) => markDown(error.message))
  redis.on('reconnecting', () => markDown('connection lost'))
  redis.on('ready', () => {
    if (!down) return
    down = false
    log(`[gatehouse] Redis at ${where} is available again`)
  })
}
