import type { CreateTableBuilder } from 'kysely'
import type { DialectName } from '../database.ts'

/**
 * An auto-generated integer primary key `id`: `bigint` identity on PostgreSQL, `integer
 * primary key autoincrement` on SQLite (ids are never reused after a delete on either).
 *
 * @example
 * db.schema.createTable('secrets').$call((t) => addIdColumn(t, 'sqlite'))
 */
export function addIdColumn<T extends string>(table: CreateTableBuilder<T, never>, dialect: DialectName): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
}
