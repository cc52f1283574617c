import type { ExtensionApi } from '../api.ts'
import type { SecurityPageEvents } from './events.ts'

/**
 * What a request said about the browser when its session started: shown on the security page.
 * Keyed by the session's id (a session started before the extension was switched on has none).
 */
export interface SecuritySessionDetailsRow {
  session_id: string
  user_id: number
  /** The User-Agent header, cut to 512 characters. */
  user_agent: string
  ip_address: string
  created_at: number
}

/** The extension's own tables. */
export interface SecurityPageTables {
  security_session_details: SecuritySessionDetailsRow
}

/** The kit as this extension receives it. */
export type SecurityPageKit = ExtensionApi<SecurityPageTables, SecurityPageEvents>
