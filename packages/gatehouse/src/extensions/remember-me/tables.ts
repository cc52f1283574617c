import type { ExtensionApi, ExtensionDatabase } from '../api.ts'

/** A remember-me token (separate from sessions, longer-lived, single use with rotation). */
export interface PersistentSessionRow {
  id: string
  secret_hash: string
  previous_secret_hash: string | null
  previous_valid_until: number | null
  user_id: number
  created_at: number
  expires_at: number
}

/** The remember-me extension's own table. */
export interface RememberMeTables {
  persistent_sessions: PersistentSessionRow
}

/** What remember-me's queries see: Gatehouse's tables and its own. */
/** Gatehouse's tables remember-me queries itself (its manifest's `reads`). */
export type RememberMeReads = 'users' | 'accounts'

export type RememberMeDatabase = ExtensionDatabase<RememberMeTables, RememberMeReads>

/** The kit as this extension receives it: its `db` sees its own tables. */
export type RememberMeKit = ExtensionApi<RememberMeTables, object, RememberMeReads>
