import { addIdColumn, sql } from '../api.ts'
import type { DialectName, Kysely, Migration } from '../api.ts'

/**
 * The invitations table. Databases migrated by an older Gatehouse already have it (from
 * Gatehouse's frozen `0003_extension_tables`): then nothing is created.
 */
export function invitationsMigrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001_invitations': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('invitations')
          .ifNotExists()
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
        await db.schema.createIndex('invitations_token_hash_index').ifNotExists().on('invitations').column('token_hash').unique().execute()
        await db.schema.createIndex('invitations_account_id_index').ifNotExists().on('invitations').column('account_id').execute()
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('invitations').execute()
      },
    },
  }
}
