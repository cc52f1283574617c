import type { Kysely, Migration } from 'kysely'
import { sql } from 'kysely'
import type { DialectName } from '../database.ts'
import { addIdColumn } from './columns.ts'

/** accounts, users and sessions: the tables the whole contract rests on. */
export function coreTables(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('accounts')
        .$call((t) => addIdColumn(t, dialect))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('normalized_name', 'text', (c) => c.notNull())
        .addColumn('inserted_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('accounts_normalized_name_index').on('accounts').column('normalized_name').unique().execute()

      await db.schema
        .createTable('users')
        .$call((t) => addIdColumn(t, dialect))
        .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text')
        .addColumn('role', 'text', (c) => c.notNull().defaultTo('member').check(sql`role in ('owner', 'admin', 'member')`))
        .addColumn('inserted_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('users_email_index').on('users').column('email').unique().execute()
      await db.schema.createIndex('users_account_id_index').on('users').column('account_id').execute()

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('previous_secret_hash', 'text')
        .addColumn('previous_valid_until', 'bigint')
        .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('refreshed_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('sessions_user_id_index').on('sessions').column('user_id').execute()
      await db.schema.createIndex('sessions_account_id_index').on('sessions').column('account_id').execute()
      await db.schema.createIndex('sessions_expires_at_index').on('sessions').column('expires_at').execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('sessions').execute()
      await db.schema.dropTable('users').execute()
      await db.schema.dropTable('accounts').execute()
    },
  }
}
