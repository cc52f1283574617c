import { DEFAULT_LAST_SIGN_IN_MESSAGES } from './messages.ts'
import type { LastSignInMessages } from './messages.ts'

/** Options of `lastSignIn()`; every one has a default. */
export interface LastSignInOptions {
  readonly messages?: Partial<LastSignInMessages>
}

export interface LastSignInSettings {
  readonly messages: LastSignInMessages
}

/**
 * Fills in the defaults, once at start-up.
 *
 * @example
 * resolveLastSignInSettings({ messages: { heading: 'Sign-in history' } }).messages.previous // 'Previous sign-in:'
 */
export function resolveLastSignInSettings(options: LastSignInOptions): LastSignInSettings {
  return Object.freeze({ messages: Object.freeze({ ...DEFAULT_LAST_SIGN_IN_MESSAGES, ...options.messages }) })
}
