/**
 * How failed attempts of one key (a sign-in email) are slowed down: the first
 * `failuresBeforeWait - 1` failures cost nothing; the next one makes the key wait `firstWaitMs`
 * before its next attempt, and every further failure doubles the wait, up to `maxWaitMs`.
 * Failures are forgotten `forgetAfterMs` after the last one (or at once on a success).
 */
export interface BackoffPolicy {
  readonly failuresBeforeWait: number
  readonly firstWaitMs: number
  readonly maxWaitMs: number
  readonly forgetAfterMs: number
}

/** A window counter after a hit. */
export interface WindowCount {
  /** Hits in the current window, this one included. */
  readonly current: number
  /** Hits in the window just before it (0 when it saw none). */
  readonly previous: number
  /** Start of the current window: a multiple of the window length, in epoch milliseconds. */
  readonly windowStart: number
  /** Set when a stand-in store answered (Redis unreachable): the limiter is stricter then. */
  readonly degraded?: boolean
}

/** The outcome of claiming one attempt of a backed-off key. */
export interface AttemptClaim {
  /** False while the key has to wait: then nothing was counted. */
  readonly allowed: boolean
  /** Failures counted so far (this attempt included when allowed). */
  readonly failures: number
  /** When the key may try again (0: at once); set by this attempt when it was allowed. */
  readonly blockedUntil: number
  readonly degraded?: boolean
}

/**
 * Where rate-limit counters live: the SQL table `rate_limits` (default), Redis (`REDIS_URL`),
 * or memory (one node; Redis's stand-in during an outage). Every write is one atomic step in
 * the store, so concurrent requests on several nodes are each counted exactly once. All of
 * them pass the same conformance suite (test/support/rate-limit-store-conformance.ts).
 * Keys arrive already hashed; stores never see an email or an address.
 */
export interface RateLimitStore {
  /**
   * Adds `cost` to `key`'s counter of the fixed window of `windowMs` that holds `now`, and
   * returns it with the previous window's count (the limiter slides between the two). A node
   * whose clock is a little behind adds to the newest window rather than resetting it.
   */
  countHit(key: string, windowMs: number, cost: number, now: number): Promise<WindowCount>
  /**
   * One attempt of a backed-off key: when the key is not waiting, counts the attempt as a
   * failure up front (a success then calls `forget`) and sets the wait that follows from the
   * policy; when it is waiting, counts nothing and says until when. Check and count are one
   * atomic step: of any number of parallel attempts only those the policy allows get through.
   */
  claimAttempt(key: string, policy: BackoffPolicy, now: number): Promise<AttemptClaim>
  /** Forgets a key's failures (a successful sign-in). */
  forget(key: string): Promise<void>
  /** Deletes counters that can no longer matter; returns how many (stores with their own expiry return 0). */
  deleteExpired(now: number): Promise<number>
  /**
   * Runs `work` against a view of this store whose writes commit together, in one database
   * transaction (the SQL store on PostgreSQL): a password check's per-address count and
   * per-email claim cost one commit (one WAL flush), not two. Absent on stores whose every
   * write is already its own atomic step, and where a commit costs nothing to save (SQLite).
   */
  inTransaction?<T>(work: (store: RateLimitStore) => Promise<T>): Promise<T>
}

/**
 * Thrown by a store that cannot answer (Redis down or timing out). Rate limiting then falls
 * back to stricter per-node limits in memory (see `createFallbackRateLimitStore`).
 *
 * @example
 * try { await store.countHit(key, windowMs, 1, now) } catch (error) { if (error instanceof RateLimitStoreUnavailableError) useFallback() }
 */
export class RateLimitStoreUnavailableError extends Error {
  override name = 'RateLimitStoreUnavailableError'
}

/**
 * The wait that follows a failure under a policy, given the wait that followed the one before.
 * Shared by the stores that compute it in JavaScript (memory) and documents what the SQL and Lua
 * versions compute.
 *
 * @example
 * nextWaitMs(policy, 5, 0) // 30_000 with the default policy (5 failures, then 30 s)
 * nextWaitMs(policy, 6, 30_000) // 60_000
 */
export function nextWaitMs(policy: BackoffPolicy, failures: number, previousWaitMs: number): number {
  if (failures < policy.failuresBeforeWait) return 0
  if (previousWaitMs === 0) return policy.firstWaitMs
  return Math.min(policy.maxWaitMs, previousWaitMs * 2)
}

/**
 * The start of the fixed window of `windowMs` holding `now`.
 *
 * @example
 * windowStartOf(125_000, 60_000) // 120_000
 */
export function windowStartOf(now: number, windowMs: number): number {
  return now - (now % windowMs)
}
