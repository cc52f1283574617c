import { GatehouseConfigError } from '../errors.ts'

/** How often and how patiently a mail that could not be sent is tried again. */
export interface RetryPolicy {
  /** Tries before the mail is given up, logged as an error (default 10). */
  readonly maxAttempts: number
  /** Wait after the first failed try; doubled after each further one (default 30 s). */
  readonly firstDelayMs: number
  /** Longest wait between two tries (default 1 hour). */
  readonly maxDelayMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({ maxAttempts: 10, firstDelayMs: 30_000, maxDelayMs: 60 * 60_000 })

/**
 * The defaults with the app's overrides, checked once at start-up.
 *
 * @example
 * resolveRetryPolicy({ maxAttempts: 5 }) // { maxAttempts: 5, firstDelayMs: 30000, maxDelayMs: 3600000 }
 */
export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides }
  const positive = [policy.maxAttempts, policy.firstDelayMs, policy.maxDelayMs].every((n) => Number.isSafeInteger(n) && n > 0)
  if (!positive || policy.maxDelayMs < policy.firstDelayMs) {
    throw new GatehouseConfigError('mail retry: maxAttempts, firstDelayMs and maxDelayMs must be positive whole numbers, with maxDelayMs >= firstDelayMs')
  }
  return Object.freeze(policy)
}

/**
 * The wait before the next try, after `failedAttempts` failed ones: exponential, capped.
 *
 * @example
 * retryDelayMs(DEFAULT_RETRY_POLICY, 1) // 30000
 * retryDelayMs(DEFAULT_RETRY_POLICY, 3) // 120000
 */
export function retryDelayMs(policy: RetryPolicy, failedAttempts: number): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 40)
  return Math.min(policy.firstDelayMs * 2 ** exponent, policy.maxDelayMs)
}
