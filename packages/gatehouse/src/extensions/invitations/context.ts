import type { Kysely } from 'kysely'
import type { Account, AuditOrigin, User } from '../api.ts'
import type { InvitationsEvent } from './events.ts'
import type { InvitationsDatabase, InvitationsKit } from './tables.ts'

/** Queues the extension's mails inside the caller's transaction. */
export interface InvitationMailer {
  /** The invitation link, mailed to a new address. */
  invitation(trx: Kysely<InvitationsDatabase>, to: string, token: string, inviter: User, account: Account): Promise<void>
  /** A harmless notice for an address that already has a user (no link that does anything). */
  existingUser(trx: Kysely<InvitationsDatabase>, to: string, inviter: User, account: Account): Promise<void>
}

/**
 * What the invitation and membership use cases work with: the kit's database, clock and
 * password hasher, plus the extension's settings and its two ways out (mail, events). Built
 * once in `setup`; the functions take it first, like Gatehouse's core functions. A route that
 * changes something passes `ctx.actingFrom(kit.auditOrigin(req))`, so its events carry the request's origin.
 */
export interface InvitationsContext {
  readonly db: InvitationsKit['db']
  readonly dialect: InvitationsKit['dialect']
  readonly clock: InvitationsKit['clock']
  readonly passwords: InvitationsKit['passwords']
  /** How long an invitation link works. */
  readonly tokenTtlMs: number
  readonly mailer: InvitationMailer
  /** Ends every session of a removed user (any session store) and tells listeners. */
  revokeSessions(userId: number): Promise<void>
  /** Reports a committed change (audit log); never throws. */
  notify(event: InvitationsEvent): Promise<void>
  /** The same context, its sessions revocations and events acting from `origin`. */
  actingFrom(origin: AuditOrigin): InvitationsContext
}
