import type { AuditDetails, EventDefinitions } from '../api.ts'

/** The security page's events (on Gatehouse's bus and in the audit log). No session id or token ever appears. */
export interface SecurityPageEvents {
  /** A user ended one of their other sessions; `device` is how the page named it (`Firefox on Linux`). */
  'session.ended': { readonly userId: number; readonly accountId: number; readonly device: string }
  /** A user ended every session but the one they were using; `count` is how many there were. */
  'other_sessions.ended': { readonly userId: number; readonly accountId: number; readonly count: number }
  /** Two-factor sign-in was turned on (ten recovery codes were issued). */
  'two_factor.enabled': { readonly userId: number; readonly accountId: number }
  /** Two-factor sign-in was turned off with the current password. */
  'two_factor.disabled': { readonly userId: number; readonly accountId: number }
  /** The recovery codes were replaced by ten new ones. */
  'recovery_codes.regenerated': { readonly userId: number; readonly accountId: number }
  /** A sign-in was completed with a recovery code instead of an authenticator code. */
  'recovery_code.used': { readonly userId: number; readonly accountId: number; readonly remaining: number }
  /** Too many wrong codes at the second step: the pending sign-in was dropped. */
  'two_factor.locked_out': { readonly userId: number; readonly accountId: number }
  /** A passkey was added; `name` is what the person called it. */
  'passkey.added': { readonly userId: number; readonly accountId: number; readonly name: string }
  /** A passkey was renamed to `name`. */
  'passkey.renamed': { readonly userId: number; readonly accountId: number; readonly name: string }
  /** A passkey was removed with the current password. */
  'passkey.removed': { readonly userId: number; readonly accountId: number; readonly name: string }
}

const plain = (label: string) => ({ audit: { label, entry: ({ userId, accountId }: { userId: number; accountId: number }) => ({ accountId, userId, details: {} }) } })

const named = (label: string) => ({
  audit: { label, entry: ({ userId, accountId, name }: { userId: number; accountId: number; name: string }) => ({ accountId, userId, details: { name } }), describe: (d: AuditDetails) => text(d, 'name') },
})

const text = (details: AuditDetails, key: string) => (typeof details[key] === 'string' || typeof details[key] === 'number' ? String(details[key]) : '?')

/** How the audit log records them (account owners see them on `/account`). */
export const SECURITY_PAGE_EVENT_DEFINITIONS: EventDefinitions<SecurityPageEvents> = Object.freeze({
  'session.ended': {
    audit: { label: 'Session ended', entry: ({ userId, accountId, device }) => ({ accountId, userId, details: { device } }), describe: (d) => text(d, 'device') },
  },
  'other_sessions.ended': {
    audit: {
      label: 'Other sessions ended',
      entry: ({ userId, accountId, count }) => ({ accountId, userId, details: { count } }),
      describe: (d) => `${text(d, 'count')} ended`,
    },
  },
  'two_factor.enabled': plain('Two-factor sign-in turned on'),
  'two_factor.disabled': plain('Two-factor sign-in turned off'),
  'recovery_codes.regenerated': plain('Recovery codes regenerated'),
  'recovery_code.used': {
    audit: { label: 'Recovery code used', entry: ({ userId, accountId, remaining }) => ({ accountId, userId, details: { remaining } }), describe: (d) => `${text(d, 'remaining')} left` },
  },
  'two_factor.locked_out': plain('Two-factor sign-in stopped after wrong codes'),
  'passkey.added': named('Passkey added'),
  'passkey.renamed': named('Passkey renamed'),
  'passkey.removed': named('Passkey removed'),
})
