import { checkDurationOption, durationWithAlias } from '../api.ts'
import type { InvitationsEventListener } from './events.ts'
import { DEFAULT_INVITATIONS_MESSAGES } from './messages.ts'
import type { InvitationsMessages } from './messages.ts'

const DAY = 24 * 60 * 60_000

/** Options of `invitations()`; every one has a default. */
export interface InvitationsOptions {
  /** How long an invitation link works (default 7 days). */
  readonly tokenTtlMs?: number
  /** @deprecated The old name of `tokenTtlMs`, still read. */
  readonly ttlMs?: number
  readonly messages?: Partial<InvitationsMessages>
  /**
   * Mail a short notice (no link that does anything) to an address that already has a user
   * when someone invites it (default true). Off, such an invitation sends nothing at all.
   */
  readonly mailExistingUsers?: boolean
  /** Called after each committed change (invite, accept, role change, removal, deletion): an audit hook. */
  readonly onEvent?: InvitationsEventListener
}

export interface InvitationsSettings {
  readonly tokenTtlMs: number
  readonly mailExistingUsers: boolean
  readonly onEvent: InvitationsEventListener | null
  readonly messages: InvitationsMessages
}

/**
 * Fills in the defaults and refuses settings that cannot work, at start-up.
 *
 * @example
 * resolveInvitationsSettings({ tokenTtlMs: 2 * DAY }).mailExistingUsers // true
 */
export function resolveInvitationsSettings(options: InvitationsOptions): InvitationsSettings {
  const tokenTtlMs = durationWithAlias('invitations', options, 'tokenTtlMs', 'ttlMs') ?? 7 * DAY
  return Object.freeze({
    tokenTtlMs: checkDurationOption('invitations', 'tokenTtlMs', tokenTtlMs),
    mailExistingUsers: options.mailExistingUsers ?? true,
    onEvent: options.onEvent ?? null,
    messages: Object.freeze({ ...DEFAULT_INVITATIONS_MESSAGES, ...options.messages }),
  })
}
