import { checkDurationOption } from '../api.ts'
import { DEFAULT_EMAIL_CONFIRMATION_MESSAGES } from './messages.ts'
import type { EmailConfirmationMessages } from './messages.ts'

const DAY = 24 * 60 * 60_000

/** Options of `emailConfirmation()`; every one has a default. */
export interface EmailConfirmationOptions {
  /** How long a confirmation link works (default 24 hours). */
  readonly tokenTtlMs?: number
  readonly messages?: Partial<EmailConfirmationMessages>
}

export interface EmailConfirmationSettings {
  readonly tokenTtlMs: number
  readonly messages: EmailConfirmationMessages
}

/**
 * Fills in the defaults and refuses settings that cannot work, at start-up.
 *
 * @example
 * resolveEmailConfirmationSettings({}).tokenTtlMs // 86_400_000
 */
export function resolveEmailConfirmationSettings(options: EmailConfirmationOptions): EmailConfirmationSettings {
  return Object.freeze({
    tokenTtlMs: checkDurationOption('emailConfirmation', 'tokenTtlMs', options.tokenTtlMs ?? DAY),
    messages: Object.freeze({ ...DEFAULT_EMAIL_CONFIRMATION_MESSAGES, ...options.messages }),
  })
}
