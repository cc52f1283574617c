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

/**
 * Mail sent after the caller's transaction commits (the transactional outbox). `Database` is
 * what the extension's handle sees (`ExtensionDb`): its transactions are scoped like `kit.db`.
 */
export interface KitMail<Database> {
  /**
   * Runs `work` in a transaction; mail it queues with `enqueue(trx, …)` is delivered once the
   * transaction committed (and never when it rolled back).
   *
   * @example
   * await api.mail.inTransaction(async (trx, enqueue) => { await markSent(trx); await enqueue(message) })
   */
  inTransaction<T>(work: (trx: Kysely<Database>, enqueue: (message: ExtensionMailMessage) => Promise<void>) => Promise<T>): Promise<T>
  /** Queues a mail in `db` (pass the transaction doing the change). */
  enqueue(db: Kysely<Database>, message: ExtensionMailMessage): Promise<void>
  /** Delivers what is queued soon; call after the transaction committed. */
  flush(): void
  /** An absolute link on the configured PUBLIC_URL, never on request headers. */
  link(path: string): string
}

/**
 * Single-use mailed tokens bound to a user, a purpose and an address (hashed at rest), kept in
 * Gatehouse's `user_tokens`: pass `kit.db` or a transaction of it, whatever the extension reads.
 */
export interface KitTokens<Database> {
  create(db: Kysely<Database>, grant: { userId: number; purpose: string; sentTo: string; ttlMs: number }): Promise<string>
  find(db: Kysely<Database>, purpose: string, token: string): Promise<UserTokenGrant | null>
  consume(db: Kysely<Database>, purpose: string, token: string): Promise<UserTokenGrant | null>
  deleteAll(db: Kysely<Database>, userId: number, purpose: string): Promise<void>
}

/** The core's outbox, which the kit's mail is built on. */
export type OutboxMail = Pick<KitMail<GatehouseTables>, 'enqueue' | 'flush' | 'link'>

type CoreDb = Kysely<GatehouseTables>

/**
 * The kit's mail on the core's outbox: the same object for extensions' rules (core callers)
 * and their web parts.
 *
 * @example
 * const mail = buildKitMail(core.database.db, core.mail)
 */
export function buildKitMail(db: CoreDb, outbox: OutboxMail): KitMail<GatehouseTables> {
  return Object.freeze({
    enqueue: outbox.enqueue,
    flush: outbox.flush,
    link: outbox.link,
    async inTransaction(work) {
      const result = await db.transaction().execute((trx) => work(trx, (message) => outbox.enqueue(trx, message)))
      outbox.flush()
      return result
    },
  } satisfies KitMail<GatehouseTables>)
}

/**
 * The kit's mailed tokens on Gatehouse's `user_tokens` table.
 *
 * @example
 * const token = await buildKitTokens(clock).create(trx, { userId, purpose: 'confirm_email', sentTo: email, ttlMs })
 */
export function buildKitTokens(clock: Clock): KitTokens<GatehouseTables> {
  return Object.freeze({
    create: (db, grant) => createUserToken(db, clock, grant),
    find: (db, purpose, token) => findUserToken(db, clock, purpose, token),
    consume: (db, purpose, token) => consumeUserToken(db, clock, purpose, token),
    deleteAll: (db, userId, purpose) => deleteUserTokens(db, userId, purpose),
  } satisfies KitTokens<GatehouseTables>)
}
