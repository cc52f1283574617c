/** The kinds of event the audit log records (the `event_type` column). */
export const AUDIT_EVENT_TYPES = [
  'account.registered',
  'sign_in.succeeded',
  'sign_in.failed',
  'sign_out',
  'password.changed',
  'password.reset',
  'email.changed',
  'invitation.sent',
  'invitation.accepted',
  'member.role_changed',
  'member.removed',
  'user.deleted',
  'account.deleted',
] as const

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number]

/** Plain values only: ids, roles, addresses. Never a password, token, cookie or mail body. */
export type AuditDetails = Readonly<Record<string, string | number | boolean | null>>

/** One event as the core hands it to the log; the origin (IP, browser) is added when recorded. */
export interface AuditEntry {
  readonly type: AuditEventType
  /** The account it happened in; null once that account is gone (its deletion) or unknown. */
  readonly accountId: number | null
  /** Who acted (or whose password was tried); null when unknown or already deleted. */
  readonly userId: number | null
  readonly details: AuditDetails
}

/** A recorded event, as the account page shows it. */
export interface AuditEvent {
  readonly id: number
  readonly type: AuditEventType
  readonly accountId: number | null
  readonly userId: number | null
  /** The acting user's current email, or null when there is none (unknown, or deleted since). */
  readonly userEmail: string | null
  readonly ip: string | null
  readonly userAgent: string | null
  readonly occurredAt: number
  readonly details: AuditDetails
}
