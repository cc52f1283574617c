import { checkDurationOption, durationWithAlias } from '../api.ts'
import { DEFAULT_REMEMBER_ME_MESSAGES } from './messages.ts'
import type { RememberMeMessages } from './messages.ts'

const DAY = 24 * 60 * 60_000

/** Options of `rememberMe()`; every one has a default. */
export interface RememberMeOptions {
  /** How long a token works after the sign-in that issued it (default 30 days); using it never extends this. */
  readonly tokenTtlMs?: number
  /** @deprecated The old name of `tokenTtlMs`, still read. */
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
  readonly tokenTtlMs: number
  readonly rotationGraceMs: number
  readonly onReplayDetected: (event: { readonly userId: number }) => void | Promise<void>
  readonly messages: RememberMeMessages
}

/**
 * Fills in the defaults and refuses settings that cannot work, at start-up.
 *
 * @example
 * resolveRememberMeSettings({ tokenTtlMs: 7 * DAY }).rotationGraceMs // 60_000
 */
export function resolveRememberMeSettings(options: RememberMeOptions): RememberMeSettings {
  const tokenTtlMs = checkDurationOption('rememberMe', 'tokenTtlMs', durationWithAlias('rememberMe', options, 'tokenTtlMs', 'ttlMs') ?? 30 * DAY)
  const rotationGraceMs = checkDurationOption('rememberMe', 'rotationGraceMs', options.rotationGraceMs ?? 60_000)
  if (rotationGraceMs >= tokenTtlMs) throw new RangeError('rememberMe: rotationGraceMs must be shorter than tokenTtlMs')
  return Object.freeze({
    tokenTtlMs,
    rotationGraceMs,
    onReplayDetected: options.onReplayDetected ?? warnAboutReplay,
    messages: Object.freeze({ ...DEFAULT_REMEMBER_ME_MESSAGES, ...options.messages }),
  })
}

function warnAboutReplay({ userId }: { userId: number }): void {
  console.warn(`[gatehouse] remember-me: a replaced token of user ${userId} was presented again; all their remember-me tokens and sessions were revoked`)
}
