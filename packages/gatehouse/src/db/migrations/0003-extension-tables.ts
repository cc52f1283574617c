import type { Kysely, Migration } from 'kysely'
import { sql } from 'kysely'
import type { DialectName } from '../database.ts'
import { addIdColumn } from './columns.ts'

/**
 * The tables of every extension (mailed tokens, email confirmation, remember-me, invitations).
 * They are created whether or not an extension is switched on, so switching one on later is
 * configuration only, never a migration that would sort before ones already applied.
 */
export function extensionTables(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Tokens mailed to a user (password reset, email confirmation): only their SHA-256 is kept.
      await db.schema
        .createTable('user_tokens')
        .$call((t) => addIdColumn(t, dialect))
        .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull())
        .addColumn('sent_to', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('user_tokens_token_hash_index').on('user_tokens').column('token_hash').unique().execute()
      await db.schema.createIndex('user_tokens_user_id_purpose_index').on('user_tokens').columns(['user_id', 'purpose']).execute()

      await db.schema.alterTable('users').addColumn('email_confirmed_at', 'bigint').execute()
      await db.schema.alterTable('users').addColumn('unconfirmed_email', 'text').execute()

      await db.schema
        .createTable('persistent_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('previous_secret_hash', 'text')
        .addColumn('previous_valid_until', 'bigint')
        .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('persistent_sessions_user_id_index').on('persistent_sessions').column('user_id').execute()

      await db.schema
        .createTable('invitations')
        .$call((t) => addIdColumn(t, dialect))
        .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'member')`))
        .addColumn('invited_by_user_id', 'bigint', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('token_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('accepted_at', 'bigint')
        .execute()
      await db.schema.createIndex('invitations_token_hash_index').on('invitations').column('token_hash').unique().execute()
      await db.schema.createIndex('invitations_account_id_index').on('invitations').column('account_id').execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('invitations').execute()
      await db.schema.dropTable('persistent_sessions').execute()
      await db.schema.alterTable('users').dropColumn('unconfirmed_email').execute()
      await db.schema.alterTable('users').dropColumn('email_confirmed_at').execute()
      await db.schema.dropTable('user_tokens').execute()
    },
  }
}
