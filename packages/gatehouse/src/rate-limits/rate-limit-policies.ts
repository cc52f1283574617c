import type { BackoffPolicy } from './rate-limit-store.ts'

const MINUTE = 60_000

/** The one action every password check counts against (sign-in and every re-authentication). */
export const PASSWORD_CHECK_ACTION = 'password.check'

/**
 * Former action names, still accepted in `rateLimits.policies`: sign-in had its own policy
 * before every password check shared one.
 */
export const RATE_LIMIT_ACTION_ALIASES: Readonly<Record<string, string>> = Object.freeze({ 'session.create': PASSWORD_CHECK_ACTION })
const HOUR = 60 * MINUTE

/** What a limit is counted by: the client's address, the email typed in, or the token in the URL. */
export type RateLimitKeyKind = 'ip' | 'email' | 'token'

export const RATE_LIMIT_KEY_KINDS: readonly RateLimitKeyKind[] = ['ip', 'email', 'token']

/** At most `limit` requests per `windowMs`, counted over a sliding window. */
export interface RateLimit {
  readonly limit: number
  readonly windowMs: number
}

/** The limits of one action, by what they are counted by. */
export type RateLimitPolicy = Readonly<Partial<Record<RateLimitKeyKind, RateLimit>>>

/**
 * Gatehouse's own protected actions and their default limits (extensions declare theirs in
 * their manifest's `rateLimits`) (safe for production; see
 * docs/rate-limits.md for the reasoning). Action names are the named steps, never URLs, so a
 * route reached by another spelling of its path still counts in the same bucket.
 * Failed sign-ins are slowed down per email by `DEFAULT_SIGN_IN_BACKOFF` on top of these.
 */
export const DEFAULT_RATE_LIMIT_POLICIES: Readonly<Record<string, RateLimitPolicy>> = Object.freeze({
  /**
   * Every check of a password: `POST /session`, the current password of `PATCH` and
   * `DELETE /registration` and `DELETE /account`, and any later re-authentication. One budget
   * per client address, plus the per-email back-off (`DEFAULT_SIGN_IN_BACKOFF`) shared by all of them.
   */
  [PASSWORD_CHECK_ACTION]: { ip: { limit: 30, windowMs: 5 * MINUTE } },
  /** `POST /registration`. */
  'registration.create': { ip: { limit: 10, windowMs: HOUR }, email: { limit: 5, windowMs: HOUR } },
})

/** Failed password checks per email (sign-in and re-authentication alike): 5 free, then 30 s, doubling up to 15 minutes; forgotten after a day. */
export const DEFAULT_SIGN_IN_BACKOFF: BackoffPolicy = Object.freeze({
  failuresBeforeWait: 5,
  firstWaitMs: 30_000,
  maxWaitMs: 15 * MINUTE,
  forgetAfterMs: 24 * HOUR,
})

/** The back-off bucket of failed password checks (keyed by the normalised email). */
export const SIGN_IN_BACKOFF_BUCKET = `${PASSWORD_CHECK_ACTION}:email`

/**
 * The environment variable stem of each of Gatehouse's own actions:
 * `GATEHOUSE_RATE_LIMIT_<STEM>_PER_<IP|EMAIL|TOKEN>=<limit>[/<window>]`. Other stems are kept
 * by stem (`policiesByEnvStem`) and matched to the extensions' actions at start-up.
 */
export const RATE_LIMIT_ENV_STEMS: Readonly<Record<string, string>> = Object.freeze({
  [PASSWORD_CHECK_ACTION]: 'PASSWORD_CHECK',
  'registration.create': 'REGISTRATION',
})

/** Former stems, still read: `GATEHOUSE_RATE_LIMIT_SIGN_IN_PER_IP` sets the shared password-check limit. */
export const RATE_LIMIT_ENV_STEM_ALIASES: Readonly<Record<string, string>> = Object.freeze({ SIGN_IN: PASSWORD_CHECK_ACTION })
