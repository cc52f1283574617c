import type { Kysely } from 'kysely'
import type { GatehouseTables } from '../db/schema.ts'
import type { KitMail, KitTokens } from './kit-services.ts'
import type { AnyExtensionManifest } from './manifest.ts'
import { scopeToTables, unscoped } from './table-scope.ts'

type CoreDb = Kysely<GatehouseTables>

/** The database services of a kit, before they are narrowed to one extension. */
export interface KitDatabaseServices {
  readonly db: CoreDb
  readonly mail: KitMail<GatehouseTables>
  readonly tokens: KitTokens<GatehouseTables>
}

/**
 * The services one extension receives: `db` and the transactions `mail.inTransaction` opens see
 * only the tables its manifest owns and reads; the kit's own writes (the outbox, mailed tokens)
 * run unchecked on the extension's connection or transaction. `scope` narrows any other handle
 * the kit gives the extension (the transaction of a password change).
 *
 * @example
 * const { db, mail, tokens } = scopeKitServices(kit, resetPassword())
 */
export function scopeKitServices(kit: KitDatabaseServices, manifest: AnyExtensionManifest): KitDatabaseServices & { scope(db: CoreDb): CoreDb } {
  const tables = [...(manifest.tables ?? []), ...(manifest.reads ?? [])] as string[]
  const scope = (db: CoreDb) => scopeToTables(db, manifest.name, tables)
  return {
    db: scope(kit.db),
    scope,
    mail: Object.freeze({
      enqueue: (db, message) => kit.mail.enqueue(unscoped(db), message),
      flush: kit.mail.flush,
      link: kit.mail.link,
      inTransaction: (work) => kit.mail.inTransaction((trx, enqueue) => work(scope(trx), enqueue)),
    } satisfies KitMail<GatehouseTables>),
    tokens: Object.freeze({
      create: (db, grant) => kit.tokens.create(unscoped(db), grant),
      find: (db, purpose, token) => kit.tokens.find(unscoped(db), purpose, token),
      consume: (db, purpose, token) => kit.tokens.consume(unscoped(db), purpose, token),
      deleteAll: (db, userId, purpose) => kit.tokens.deleteAll(unscoped(db), userId, purpose),
    } satisfies KitTokens<GatehouseTables>),
  }
}
