import type { Kysely } from 'kysely'

/** Column types the guards add (what Gatehouse's tables use). */
export type GuardedColumnType = 'text' | 'bigint' | 'integer' | 'boolean'

/**
 * Adds a nullable column unless the table already has it: for migrations that take over what
 * an older migration may already have created (extensions' first migrations).
 *
 * @example
 * await addColumnIfMissing(db, 'users', 'nickname', 'text')
 */
export async function addColumnIfMissing(db: Kysely<unknown>, table: string, column: string, type: GuardedColumnType): Promise<void> {
  if (await hasColumn(db, table, column)) return
  await db.schema.alterTable(table).addColumn(column, type).execute()
}

/**
 * Drops a column if the table has it.
 *
 * @example
 * await dropColumnIfPresent(db, 'users', 'nickname')
 */
export async function dropColumnIfPresent(db: Kysely<unknown>, table: string, column: string): Promise<void> {
  if (await hasColumn(db, table, column)) await db.schema.alterTable(table).dropColumn(column).execute()
}

async function hasColumn(db: Kysely<unknown>, table: string, column: string): Promise<boolean> {
  const tables = await db.introspection.getTables()
  return tables.some((t) => t.name === table && t.columns.some((c) => c.name === column))
}
