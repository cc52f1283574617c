import type { RateLimit } from './rate-limit-policies.ts'
import type { WindowCount } from './rate-limit-store.ts'

/** Whether a request may go on, and if not, how long until one would. */
export interface RateLimitDecision {
  readonly allowed: boolean
  /** 0 when allowed; else at least 1. */
  readonly retryAfterMs: number
}

export const ALLOWED: RateLimitDecision = Object.freeze({ allowed: true, retryAfterMs: 0 })

/**
 * Decides a sliding-window limit from two fixed-window counters (the estimate nginx and
 * Cloudflare use): the previous window's hits count in proportion to the part of it the sliding
 * window still covers, so a client cannot send twice the limit around a window boundary.
 * `count.current` already includes this request (refused requests count too: a client that
 * keeps hammering stays refused). When refused, `retryAfterMs` is when a request of the same
 * cost would be allowed if no other arrives meanwhile.
 *
 * @example
 * decideSlidingWindow({ current: 31, previous: 0, windowStart: 0 }, { limit: 30, windowMs: 300_000 }, 1, 1000)
 * // { allowed: false, retryAfterMs: 299_000 }
 */
export function decideSlidingWindow(count: WindowCount, limit: RateLimit, cost: number, now: number): RateLimitDecision {
  const { windowMs } = limit
  const elapsed = Math.min(Math.max(now - count.windowStart, 0), windowMs)
  const estimate = count.previous * (1 - elapsed / windowMs) + count.current
  if (estimate <= limit.limit) return ALLOWED
  return { allowed: false, retryAfterMs: Math.max(1, retryAt(count, limit, cost) - now) }
}

/** The first moment an estimate plus `cost` fits under the limit again. */
function retryAt(count: WindowCount, limit: RateLimit, cost: number): number {
  const { windowMs } = limit
  const nextWindow = count.windowStart + windowMs
  // Still in this window: the previous window's weight fades out.
  const room = limit.limit - cost - count.current
  if (room >= 0 && count.previous > 0) {
    const at = count.windowStart + Math.ceil(windowMs * (1 - room / count.previous))
    if (at < nextWindow) return at
  }
  // In the next window this window's hits are the ones fading out.
  const nextRoom = limit.limit - cost
  if (nextRoom < 0) return nextWindow + windowMs
  if (count.current <= nextRoom) return nextWindow
  return nextWindow + Math.ceil(windowMs * (1 - nextRoom / count.current))
}
