import { createHmac } from 'node:crypto'
import type { Clock } from '../clock.ts'
import { GatehouseConfigError } from '../errors.ts'
import type { ResolvedRateLimits } from './rate-limit-config.ts'
import type { RateLimit, RateLimitKeyKind } from './rate-limit-policies.ts'
import { PASSWORD_CHECK_ACTION, SIGN_IN_BACKOFF_BUCKET } from './rate-limit-policies.ts'
import type { RateLimitStore } from './rate-limit-store.ts'
import { ALLOWED, decideSlidingWindow } from './sliding-window.ts'
import type { RateLimitDecision } from './sliding-window.ts'

/** What a request is counted by for one action: missing or empty keys are not counted. */
export type RateLimitKeys = Readonly<Partial<Record<RateLimitKeyKind, string | null | undefined>>>

/**
 * Gatehouse's rate limiter (framework-free). Buckets are `<action>:<ip|email|token>`; their
 * limits come from the resolved policies. Keys are hashed with the app's secret before they reach
 * the store, so no email or address is ever stored.
 */
export interface RateLimiter {
  readonly enabled: boolean
  /** Counts `cost` against `key` in `bucket` and decides by the bucket's sliding-window limit. */
  consume(bucket: string, key: string, cost?: number, now?: number): Promise<RateLimitDecision>
  /** Counts one request of `action` against each of its buckets that `keys` names; refused if any bucket refuses. */
  limitAction(action: string, keys: RateLimitKeys, now?: number): Promise<RateLimitDecision>
  /**
   * One password attempt on an email, counted up front as a failure (see `BackoffPolicy`);
   * refused, without counting, while the email is waiting after earlier failures.
   */
  claimSignInAttempt(email: string, now?: number): Promise<RateLimitDecision>
  /** A correct password: the email's failures are forgotten. */
  forgetSignInFailures(email: string): Promise<void>
  /**
   * Before a password is checked: one request of `password.check` counted against `keys` (the
   * client's address), then, when that allows it and `email` is not empty, the attempt on the
   * email claimed (`claimSignInAttempt`). Both writes commit together when the store can
   * (SQL: one transaction, one commit); the first refusal is the answer.
   */
  claimPasswordCheck(keys: RateLimitKeys, email: string, now?: number): Promise<RateLimitDecision>
}

/** Expired SQL rows are deleted at most this often per node, on the request that notices. */
const PRUNE_EVERY_MS = 10 * 60_000

/**
 * @example
 * const limiter = createRateLimiter({ store: createSqlRateLimitStore(db), config: config.rateLimits, secret, clock })
 * const decision = await limiter.limitAction('registration.create', { ip, email })
 * if (!decision.allowed) answer429(decision.retryAfterMs)
 */
export function createRateLimiter(options: { store: RateLimitStore | null; config: ResolvedRateLimits; secret: string; clock: Clock }): RateLimiter {
  const { store, config, secret, clock } = options
  if (!config.enabled || !store) return disabledLimiter
  let nextPrune = clock.now() + PRUNE_EVERY_MS

  const storeKey = (bucket: string, key: string) => rateLimitKey(secret, bucket, key)
  const stricter = (limit: RateLimit): RateLimit => ({ ...limit, limit: Math.max(1, Math.floor(limit.limit / config.fallbackDivisor)) })

  async function pruneNow(now: number) {
    if (now < nextPrune) return
    nextPrune = now + PRUNE_EVERY_MS
    try {
      await store?.deleteExpired(now)
    } catch (error) {
      console.error('[gatehouse] rate limits: deleting expired counters failed:', (error as Error).message)
    }
  }

  async function countIn(target: RateLimitStore, bucket: string, key: string, cost: number, now: number): Promise<RateLimitDecision> {
    const limit = limitOf(config, bucket)
    const count = await target.countHit(storeKey(bucket, key), limit.windowMs, cost, now)
    return decideSlidingWindow(count, count.degraded ? stricter(limit) : limit, cost, now)
  }

  async function consume(bucket: string, key: string, cost = 1, now = clock.now()): Promise<RateLimitDecision> {
    await pruneNow(now)
    return countIn(store!, bucket, key, cost, now)
  }

  async function limitActionIn(target: RateLimitStore, action: string, keys: RateLimitKeys, now: number): Promise<RateLimitDecision> {
    const policy = config.policies[action]
    if (!policy) throw new GatehouseConfigError(`no rate limit for the action ${JSON.stringify(action)}: add it to rateLimits.policies`)
    const buckets = (Object.keys(policy) as RateLimitKeyKind[]).filter((kind) => keys[kind])
    const decisions = await Promise.all(buckets.map((kind) => countIn(target, `${action}:${kind}`, keys[kind] as string, 1, now)))
    const refused = decisions.filter((decision) => !decision.allowed)
    return refused.length === 0 ? ALLOWED : { allowed: false, retryAfterMs: Math.max(...refused.map((d) => d.retryAfterMs)) }
  }

  async function claimAttemptIn(target: RateLimitStore, email: string, now: number): Promise<RateLimitDecision> {
    // A stand-in store (Redis down) applies its stricter back-off itself.
    const claim = await target.claimAttempt(storeKey(SIGN_IN_BACKOFF_BUCKET, email), config.signInBackoff, now)
    if (claim.allowed) return ALLOWED
    return { allowed: false, retryAfterMs: Math.max(1, claim.blockedUntil - now) }
  }

  async function claimPasswordCheckIn(target: RateLimitStore, keys: RateLimitKeys, email: string, now: number): Promise<RateLimitDecision> {
    const byAddress = await limitActionIn(target, PASSWORD_CHECK_ACTION, keys, now)
    if (!byAddress.allowed || email === '') return byAddress
    return claimAttemptIn(target, email, now)
  }

  return {
    enabled: true,
    consume,
    async limitAction(action, keys, now = clock.now()) {
      await pruneNow(now)
      return limitActionIn(store, action, keys, now)
    },
    claimSignInAttempt: (email, now = clock.now()) => claimAttemptIn(store, email, now),
    async claimPasswordCheck(keys, email, now = clock.now()) {
      // Outside the transaction: a failed prune is only logged, and on PostgreSQL it would abort it.
      await pruneNow(now)
      if (!store.inTransaction) return claimPasswordCheckIn(store, keys, email, now)
      return store.inTransaction((inside) => claimPasswordCheckIn(inside, keys, email, now))
    },
    async forgetSignInFailures(email) {
      await store.forget(storeKey(SIGN_IN_BACKOFF_BUCKET, email))
    },
  }
}

/**
 * The key a store sees for `key` in `bucket`: the bucket in clear (for operators), then an
 * HMAC of the key with the app's secret (every node computes the same; nobody can read it back).
 *
 * @example
 * rateLimitKey(secret, 'password.check:ip', '203.0.113.7') // 'password.check:ip:Xq3…'
 */
export function rateLimitKey(secret: string, bucket: string, key: string): string {
  const digest = createHmac('sha256', secret).update(`rate-limit\n${bucket}\n${key}`).digest('base64url').slice(0, 22)
  return `${bucket}:${digest}`
}

function limitOf(config: ResolvedRateLimits, bucket: string): RateLimit {
  const colon = bucket.lastIndexOf(':')
  const limit = config.policies[bucket.slice(0, colon)]?.[bucket.slice(colon + 1) as RateLimitKeyKind]
  if (!limit) throw new GatehouseConfigError(`no rate limit named ${JSON.stringify(bucket)}: add it to rateLimits.policies`)
  return limit
}

const disabledLimiter: RateLimiter = Object.freeze({
  enabled: false,
  consume: async () => ALLOWED,
  limitAction: async () => ALLOWED,
  claimSignInAttempt: async () => ALLOWED,
  forgetSignInFailures: async () => {},
  claimPasswordCheck: async () => ALLOWED,
})
