/** An audited event's name (the `event_type` column): Gatehouse's or an extension's, `noun.past_verb`. */
export type AuditEventType = string

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
