import { DEFAULT_REMEMBER_ME_MESSAGES } from './messages.ts'
import type { RememberMeMessages } from './messages.ts'

const DAY = 24 * 60 * 60_000

/** Options of `rememberMe()`; every one has a default. */
export interface RememberMeOptions {
  /** How long a token works after the sign-in that issued it (default 30 days); using it never extends this. */
  readonly ttlMs?: number
  /** How long a replaced secret keeps working, for the browser's requests already in flight (default 60 s). */
  readonly rotationGraceMs?: number
  /**
   * Called when a replaced secret comes back after its grace window (a copied cookie), once
   * every remember-me token and session of the user has been revoked. Default: a warning on
   * the console naming the user id (never the token).
   */
  readonly onReplayDetected?: (event: { readonly userId: number }) => void | Promise<void>
  readonly messages?: Partial<RememberMeMessages>
}

export interface RememberMeSettings {
  readonly ttlMs: number
  readonly rotationGraceMs: number
  readonly onReplayDetected: (event: { readonly userId: number }) => void | Promise<void>
  readonly messages: RememberMeMessages
}

/**
 * Fills in the defaults and refuses settings that cannot work, at start-up.
 *
 * @example
 * resolveRememberMeOptions({ ttlMs: 7 * DAY }).rotationGraceMs // 60_000
 */
export function resolveRememberMeOptions(options: RememberMeOptions): RememberMeSettings {
  const ttlMs = options.ttlMs ?? 30 * DAY
  const rotationGraceMs = options.rotationGraceMs ?? 60_000
  for (const [key, value] of Object.entries({ ttlMs, rotationGraceMs })) {
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`rememberMe: ${key} must be a positive number of milliseconds`)
  }
  if (rotationGraceMs >= ttlMs) throw new RangeError('rememberMe: rotationGraceMs must be shorter than ttlMs')
  return Object.freeze({
    ttlMs,
    rotationGraceMs,
    onReplayDetected: options.onReplayDetected ?? warnAboutReplay,
    messages: Object.freeze({ ...DEFAULT_REMEMBER_ME_MESSAGES, ...options.messages }),
  })
}

function warnAboutReplay({ userId }: { userId: number }): void {
  console.warn(`[gatehouse] remember-me: a replaced token of user ${userId} was presented again; all their remember-me tokens and sessions were revoked`)
}
