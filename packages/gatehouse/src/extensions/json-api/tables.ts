import type { ExtensionApi, ExtensionDatabase } from '../api.ts'

/**
 * One API sign-in: its renewal token (the row's id and a rotating secret) and its current
 * access token (its own id and secret). Only SHA-256 hashes of the secrets are stored.
 */
export interface ApiTokenRow {
  /** The renewal token's id: stays the same across renewals, so a replay finds its chain. */
  id: string
  user_id: number
  renewal_secret_hash: string
  /** The renewal secret a renewal replaced, and until when presenting it is a harmless retry. */
  previous_renewal_secret_hash: string | null
  previous_valid_until: number | null
  renewal_expires_at: number
  access_id: string
  access_secret_hash: string
  access_expires_at: number
  created_at: number
}

/** The extension's own table. */
export interface JsonApiTables {
  api_tokens: ApiTokenRow
}

/** The kit as this extension receives it. */
/** Gatehouse's tables the JSON API queries itself (its manifest's `reads`). */
export type JsonApiReads = 'users' | 'accounts'

/** What the JSON API's queries see. */
export type JsonApiDatabase = ExtensionDatabase<JsonApiTables, JsonApiReads>

export type JsonApiKit = ExtensionApi<JsonApiTables, object, JsonApiReads>
