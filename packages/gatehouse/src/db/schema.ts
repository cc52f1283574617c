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

/** Gatehouse's own tables, as Kysely sees them. An app intersects this with its own tables. */
export interface GatehouseTables {
  accounts: AccountRow
  users: UserRow
  sessions: SessionRow
}
