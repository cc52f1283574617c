import { Redis } from 'ioredis'

/** The Redis the benchmark may use: `BENCH_REDIS_URL`, or the local default. */
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** Keys the benchmark writes start with this (its own prefix: other users of the Redis are untouched). */
export const REDIS_KEY_PREFIX = 'gatehouse-bench:'

/** Null when Redis answers PING, otherwise why not (the Redis contender is then skipped). */
export async function probeRedis(url: string): Promise<string | null> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null })
  try {
    await redis.connect()
    await redis.ping()
    return null
  } catch (error) {
    return `Redis at ${new URL(url).host} is not reachable (${error instanceof Error ? error.message : String(error)})`
  } finally {
    redis.disconnect()
  }
}
