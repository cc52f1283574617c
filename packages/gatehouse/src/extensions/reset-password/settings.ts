import { checkDurationOption } from '../api.ts'
import { DEFAULT_RESET_PASSWORD_MESSAGES } from './messages.ts'
import type { ResetPasswordMessages } from './messages.ts'

const HOUR = 60 * 60_000

/** Options of `resetPassword()`; every one has a default. */
export interface ResetPasswordOptions {
  /** How long a reset link works (default one hour). */
  readonly tokenTtlMs?: number
  readonly messages?: Partial<ResetPasswordMessages>
}

export interface ResetPasswordSettings {
  readonly tokenTtlMs: number
  readonly messages: ResetPasswordMessages
}

/**
 * Fills in the defaults and refuses settings that cannot work, at start-up.
 *
 * @example
 * resolveResetPasswordSettings({}).tokenTtlMs // 3_600_000
 */
export function resolveResetPasswordSettings(options: ResetPasswordOptions): ResetPasswordSettings {
  return Object.freeze({
    tokenTtlMs: checkDurationOption('resetPassword', 'tokenTtlMs', options.tokenTtlMs ?? HOUR),
    messages: Object.freeze({ ...DEFAULT_RESET_PASSWORD_MESSAGES, ...options.messages }),
  })
}
