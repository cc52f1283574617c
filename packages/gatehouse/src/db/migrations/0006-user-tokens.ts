import type { Kysely, Migration } from 'kysely'
import type { DialectName } from '../database.ts'
import { addIdColumn } from './columns.ts'
import { addColumnIfMissing } from './schema-guards.ts'

/**
 * The core's mailed-token table and `users.email_confirmed_at` (kept by imports), which the
 * frozen `0003` used to create: created here when missing, left alone when an older install has them.
 */
export function userTokensTable(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('user_tokens')
        .ifNotExists()
        .$call((t) => addIdColumn(t, dialect))
        .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull())
        .addColumn('sent_to', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('user_tokens_token_hash_index').ifNotExists().on('user_tokens').column('token_hash').unique().execute()
      await db.schema.createIndex('user_tokens_user_id_purpose_index').ifNotExists().on('user_tokens').columns(['user_id', 'purpose']).execute()
      await addColumnIfMissing(db, 'users', 'email_confirmed_at', 'bigint')
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('users').dropColumn('email_confirmed_at').execute()
      await db.schema.dropTable('user_tokens').execute()
    },
  }
}
