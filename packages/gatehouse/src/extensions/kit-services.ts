import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import type { GatehouseTables } from '../db/schema.ts'
import { consumeUserToken, createUserToken, deleteUserTokens, findUserToken } from '../tokens/user-tokens.ts'
import type { UserTokenGrant } from '../tokens/user-tokens.ts'

/** A mail as extensions write it; links in it must come from `mail.link`. */
export interface ExtensionMailMessage {
  readonly to: string
  readonly subject: string
  readonly text: string
  readonly html: string
}

/** Mail sent after the caller's transaction commits (the transactional outbox), typed with an extension's tables. */
export interface KitMail<Tables> {
  /**
   * Runs `work` in a transaction; mail it queues with `enqueue(trx, …)` is delivered once the
   * transaction committed (and never when it rolled back).
   *
   * @example
   * await api.mail.inTransaction(async (trx, enqueue) => { await markSent(trx); await enqueue(message) })
   */
  inTransaction<T>(work: (trx: Kysely<GatehouseTables & Tables>, enqueue: (message: ExtensionMailMessage) => Promise<void>) => Promise<T>): Promise<T>
  /** Queues a mail in `db` (pass the transaction doing the change). */
  enqueue(db: Kysely<GatehouseTables & Tables>, message: ExtensionMailMessage): Promise<void>
  /** Delivers what is queued soon; call after the transaction committed. */
  flush(): void
  /** An absolute link on the configured PUBLIC_URL, never on request headers. */
  link(path: string): string
}

/** Single-use mailed tokens bound to a user, a purpose and an address (hashed at rest). */
export interface KitTokens<Tables> {
  create(db: Kysely<GatehouseTables & Tables>, grant: { userId: number; purpose: string; sentTo: string; ttlMs: number }): Promise<string>
  find(db: Kysely<GatehouseTables & Tables>, purpose: string, token: string): Promise<UserTokenGrant | null>
  consume(db: Kysely<GatehouseTables & Tables>, purpose: string, token: string): Promise<UserTokenGrant | null>
  deleteAll(db: Kysely<GatehouseTables & Tables>, userId: number, purpose: string): Promise<void>
}

/** The core's outbox, which the kit's mail is built on. */
export type OutboxMail = Pick<KitMail<object>, 'enqueue' | 'flush' | 'link'>

type CoreDb = Kysely<GatehouseTables>

/**
 * The kit's mail on the core's outbox: the same object for extensions' rules (core callers)
 * and their web parts.
 *
 * @example
 * const mail = buildKitMail(core.database.db, core.mail)
 */
export function buildKitMail(db: CoreDb, outbox: OutboxMail): KitMail<object> {
  return Object.freeze({
    enqueue: outbox.enqueue,
    flush: outbox.flush,
    link: outbox.link,
    async inTransaction(work) {
      const result = await db.transaction().execute((trx) => work(trx, (message) => outbox.enqueue(trx, message)))
      outbox.flush()
      return result
    },
  } satisfies KitMail<object>)
}

/**
 * The kit's mailed tokens on Gatehouse's `user_tokens` table.
 *
 * @example
 * const token = await buildKitTokens(clock).create(trx, { userId, purpose: 'confirm_email', sentTo: email, ttlMs })
 */
export function buildKitTokens(clock: Clock): KitTokens<object> {
  return Object.freeze({
    create: (db, grant) => createUserToken(db as CoreDb, clock, grant),
    find: (db, purpose, token) => findUserToken(db as CoreDb, clock, purpose, token),
    consume: (db, purpose, token) => consumeUserToken(db as CoreDb, clock, purpose, token),
    deleteAll: (db, userId, purpose) => deleteUserTokens(db as CoreDb, userId, purpose),
  } satisfies KitTokens<object>)
}
