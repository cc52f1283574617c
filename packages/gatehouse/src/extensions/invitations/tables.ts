import type { Generated } from 'kysely'
import type { ExtensionApi, ExtensionDatabase, Role } from '../api.ts'
import type { InvitationsEvents } from './events.ts'

/** An invitation into an account, accepted at most once before it expires. */
export interface InvitationRow {
  id: Generated<number>
  account_id: number
  email: string
  role: Exclude<Role, 'owner'>
  invited_by_user_id: number | null
  token_hash: string
  created_at: number
  expires_at: number
  accepted_at: number | null
}

/** The invitations extension's own table. */
export interface InvitationsTables {
  invitations: InvitationRow
}

/** What the invitations extension's queries see: Gatehouse's tables and its own. */
/** Gatehouse's tables invitations queries itself (its manifest's `reads`). */
export type InvitationsReads = 'users' | 'accounts'

export type InvitationsDatabase = ExtensionDatabase<InvitationsTables, InvitationsReads>

/** The kit as this extension receives it: its `db` sees its own tables. */
export type InvitationsKit = ExtensionApi<InvitationsTables, InvitationsEvents, InvitationsReads>
