import type { BackoffPolicy } from './rate-limit-store.ts'

const MINUTE = 60_000
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
 * The protected actions and their default limits (safe for production; see
 * docs/rate-limits.md for the reasoning). Action names are the named steps, never URLs, so a
 * route reached by another spelling of its path still counts in the same bucket.
 * Failed sign-ins are slowed down per email by `DEFAULT_SIGN_IN_BACKOFF` on top of these.
 */
export const DEFAULT_RATE_LIMIT_POLICIES: Readonly<Record<string, RateLimitPolicy>> = Object.freeze({
  /** `POST /session`. */
  'session.create': { ip: { limit: 30, windowMs: 5 * MINUTE } },
  /** `POST /registration`. */
  'registration.create': { ip: { limit: 10, windowMs: HOUR }, email: { limit: 5, windowMs: HOUR } },
  /** `POST /reset-password` (the request for a link). */
  'reset_password.create': { ip: { limit: 10, windowMs: HOUR }, email: { limit: 3, windowMs: HOUR } },
  /** `PATCH /reset-password/:token` (the new password). */
  'reset_password.update': { ip: { limit: 20, windowMs: HOUR }, token: { limit: 10, windowMs: HOUR } },
  /** A correct sign-in of an unconfirmed user mails a fresh confirmation link. */
  'email_confirmation.resend': { ip: { limit: 10, windowMs: HOUR }, email: { limit: 3, windowMs: HOUR } },
  /** `GET /confirm-email/:token`. */
  'email_confirmation.confirm': { ip: { limit: 30, windowMs: HOUR } },
  /** `PATCH /invitations/:token` (the invitee chooses a password). */
  'invitation.accept': { ip: { limit: 20, windowMs: HOUR }, token: { limit: 10, windowMs: HOUR } },
})

/** Failed sign-ins per email: 5 free, then 30 s, doubling up to 15 minutes; forgotten after a day. */
export const DEFAULT_SIGN_IN_BACKOFF: BackoffPolicy = Object.freeze({
  failuresBeforeWait: 5,
  firstWaitMs: 30_000,
  maxWaitMs: 15 * MINUTE,
  forgetAfterMs: 24 * HOUR,
})

/** The back-off bucket of failed sign-ins (keyed by the normalised email). */
export const SIGN_IN_BACKOFF_BUCKET = 'session.create:email'

/**
 * The environment variable stem of each built-in action:
 * `GATEHOUSE_RATE_LIMIT_<STEM>_PER_<IP|EMAIL|TOKEN>=<limit>[/<window>]`.
 */
export const RATE_LIMIT_ENV_STEMS: Readonly<Record<string, string>> = Object.freeze({
  'session.create': 'SIGN_IN',
  'registration.create': 'REGISTRATION',
  'reset_password.create': 'RESET_REQUEST',
  'reset_password.update': 'RESET_SUBMIT',
  'email_confirmation.resend': 'CONFIRMATION_RESEND',
  'email_confirmation.confirm': 'CONFIRMATION_LINK',
  'invitation.accept': 'INVITATION_ACCEPT',
})
