import type { Kysely } from 'kysely'
import type { Account, ExtensionApi, GatehouseTables, User } from '../api.ts'
import type { InvitationsEvent } from './events.ts'

type CoreContext = ExtensionApi['core']['context']

/** Queues the extension's mails inside the caller's transaction. */
export interface InvitationMailer {
  /** The invitation link, mailed to a new address. */
  invitation(trx: Kysely<GatehouseTables>, to: string, token: string, inviter: User, account: Account): Promise<void>
  /** A harmless notice for an address that already has a user (no link that does anything). */
  existingUser(trx: Kysely<GatehouseTables>, to: string, inviter: User, account: Account): Promise<void>
}

/**
 * What the invitation and membership use cases work with: the core's database, clock and
 * password hasher, plus the extension's settings and its two ways out (mail, events). Built
 * once in `setup`; the functions take it first, like Gatehouse's core functions.
 */
export interface InvitationsContext {
  readonly db: Kysely<GatehouseTables>
  readonly dialect: CoreContext['dialect']
  readonly clock: CoreContext['clock']
  readonly passwords: CoreContext['passwords']
  /** How long an invitation link works. */
  readonly ttlMs: number
  readonly mailer: InvitationMailer
  /** Ends every session of a removed user (any session store) and tells listeners. */
  revokeSessions(userId: number): Promise<void>
  /** Reports a committed change (audit log); never throws. */
  notify(event: InvitationsEvent): Promise<void>
}
