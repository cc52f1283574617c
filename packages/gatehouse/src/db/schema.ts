import type { Generated } from 'kysely'

/** The roles a user can hold inside an account; the registrant is `owner`. */
export type Role = 'owner' | 'admin' | 'member'

/** Timestamps are stored as epoch milliseconds (`bigint` on PostgreSQL, `integer` on SQLite). */
export interface AccountRow {
  id: Generated<number>
  name: string
  /** `name` trimmed, NFKC-normalised and lower-cased: the unique index is on this column. */
  normalized_name: string
  inserted_at: number
  updated_at: number
}

export interface UserRow {
  id: Generated<number>
  account_id: number
  /** Trimmed and lower-cased before it is stored; globally unique. */
  email: string
  password_hash: string | null
  role: Role
  inserted_at: number
  updated_at: number
  /** Set once the address was confirmed (by a mailed link, or an import that knew it); null before. */
  email_confirmed_at: number | null
}

/** One server-side session. Only SHA-256 hashes of secrets are stored. */
export interface SessionRow {
  id: string
  secret_hash: string
  /** The secret replaced by the last rotation, accepted until `previous_valid_until`. */
  previous_secret_hash: string | null
  previous_valid_until: number | null
  user_id: number
  account_id: number
  created_at: number
  /** When the secret was last rotated: idle expiry and the next rotation count from here. */
  refreshed_at: number
  /** Absolute end of the session, whatever the activity. */
  expires_at: number
}

/** A single-use token mailed to a user for one purpose; only its SHA-256 is stored. */
export interface UserTokenRow {
  id: Generated<number>
  user_id: number
  /** What the token may be used for (each extension names its own purposes). */
  purpose: string
  token_hash: string
  /** The exact address the link was sent to; the token is bound to it. */
  sent_to: string
  created_at: number
  expires_at: number
}

/**
 * One mail in the transactional outbox: written in the transaction of the action that sends it,
 * delivered after commit. Bodies carry one-time links, so they are cleared once sent (or given
 * up), except by the development mailbox, which shows them.
 */
export interface MailOutboxRow {
  id: Generated<number>
  recipient: string
  subject: string
  text_body: string | null
  html_body: string | null
  created_at: number
  /** Delivery tries so far, counted when a node claims the row. */
  attempts: Generated<number>
  /** When the next try is due: `created_at`, then pushed back after each failure. */
  next_attempt_at: number
  sent_at: number | null
  /** Set when the last allowed try failed: the mail is never tried again. */
  failed_at: number | null
  /** Why the last try failed, without the body or any link. */
  last_error: string | null
  /** A node is sending this row until then; after that another node may take it over. */
  claimed_until: number | null
}

/**
 * One authentication event (sign-in, password change, an extension's event…): who, from where, when.
 * `details` is a JSON object of plain values; never a password, token, cookie or mail body.
 */
export interface AuditEventRow {
  id: Generated<number>
  /** Null for events outside any account (the deletion of one) or with no known account. */
  account_id: number | null
  /** Who acted, or whose password was tried; null when unknown or deleted since. */
  user_id: number | null
  event_type: string
  ip: string | null
  /** Cut to 256 characters. */
  user_agent: string | null
  occurred_at: number
  details: string
}

/**
 * One counter of the SQL rate-limit store, under a hashed key (never an email or an address).
 * Window counters use `window_start`, `hits`, `previous_hits`; failed sign-in back-off uses
 * `hits` (failures), `wait_ms`, `blocked_until`.
 */
export interface RateLimitRow {
  key: string
  window_start: number
  hits: number
  previous_hits: number
  wait_ms: number
  blocked_until: number
  /** The row no longer matters after this and may be deleted. */
  expires_at: number
}

/** Gatehouse's own tables, as Kysely sees them. An app intersects this with its own tables; an extension with its own (its manifest's `tables`). */
export interface GatehouseTables {
  accounts: AccountRow
  users: UserRow
  sessions: SessionRow
  user_tokens: UserTokenRow
  mail_outbox: MailOutboxRow
  audit_events: AuditEventRow
  rate_limits: RateLimitRow
}
