import { createMemoryRateLimitStore } from './memory-rate-limit-store.ts'
import type { RateLimitStore } from './rate-limit-store.ts'
import { RateLimitStoreUnavailableError } from './rate-limit-store.ts'

export interface FallbackRateLimitStoreOptions {
  /** The shared store (Redis). */
  readonly primary: RateLimitStore
  /** Where counting goes while the primary cannot answer (default: this node's memory). */
  readonly fallback?: RateLimitStore
  /** False while the primary is known to be unreachable (ioredis `status !== 'ready'`): skips the doomed call. */
  readonly isReachable?: () => boolean
  /**
   * How much stricter failed sign-ins are slowed down meanwhile: the fallback waits after this
   * many times fewer failures (default 1). Window limits are made stricter by the limiter, which
   * sees `degraded` on each answer.
   */
  readonly backoffDivisor?: number
  /** Where the switch to the fallback and back is reported, once each (default `console.warn`). */
  readonly log?: (message: string) => void
}

/**
 * The shared store with a stand-in: while the primary (Redis) cannot answer, counting goes on in
 * this node's memory and every answer is marked `degraded`, so the limiter applies its stricter
 * per-node limits instead of none; each call tries the primary again as soon as it is reachable,
 * so service returns with Redis. The switch and the return are logged once each, not per request.
 *
 * @example
 * const store = createFallbackRateLimitStore({ primary: createRedisRateLimitStore({ redis }), isReachable: () => redis.status === 'ready' })
 */
export function createFallbackRateLimitStore(options: FallbackRateLimitStoreOptions): RateLimitStore {
  const { primary } = options
  const fallback = options.fallback ?? createMemoryRateLimitStore()
  const isReachable = options.isReachable ?? (() => true)
  const backoffDivisor = options.backoffDivisor ?? 1
  const log = options.log ?? ((message: string) => console.warn(message))
  let down = false

  async function either<T extends object>(onPrimary: () => Promise<T>, onFallback: () => Promise<T>): Promise<T | (T & { degraded: true })> {
    if (isReachable()) {
      try {
        const answer = await onPrimary()
        if (down) {
          down = false
          log('[gatehouse] rate limits: the shared store answers again; counting there again')
        }
        return answer
      } catch (error) {
        if (!(error instanceof RateLimitStoreUnavailableError)) throw error
      }
    }
    if (!down) {
      down = true
      log('[gatehouse] rate limits: the shared store (Redis) is unavailable; counting in this node\'s memory with stricter limits until it returns')
    }
    return { ...(await onFallback()), degraded: true }
  }

  return {
    countHit: (key, windowMs, cost, now) => either(() => primary.countHit(key, windowMs, cost, now), () => fallback.countHit(key, windowMs, cost, now)),
    claimAttempt: (key, policy, now) =>
      either(
        () => primary.claimAttempt(key, policy, now),
        () => fallback.claimAttempt(key, { ...policy, failuresBeforeWait: Math.max(1, Math.floor(policy.failuresBeforeWait / backoffDivisor)) }, now),
      ),
    async forget(key) {
      await fallback.forget(key)
      await either(async () => (await primary.forget(key), {}), async () => ({}))
    },
    async deleteExpired(now) {
      const local = await fallback.deleteExpired(now)
      const { count } = await either(async () => ({ count: await primary.deleteExpired(now) }), async () => ({ count: 0 }))
      return local + count
    },
  }
}
