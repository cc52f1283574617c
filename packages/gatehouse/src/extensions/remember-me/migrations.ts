import type { DialectName, Kysely, Migration } from '../api.ts'

/**
 * Remember-me's table. Databases migrated by an older Gatehouse already have it (from
 * Gatehouse's frozen `0003_extension_tables`): then nothing is created.
 */
export function rememberMeMigrations(_dialect: DialectName): Record<string, Migration> {
  return {
    '0001_persistent_sessions': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('persistent_sessions')
          .ifNotExists()
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('secret_hash', 'text', (c) => c.notNull())
          .addColumn('previous_secret_hash', 'text')
          .addColumn('previous_valid_until', 'bigint')
          .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .execute()
        await db.schema.createIndex('persistent_sessions_user_id_index').ifNotExists().on('persistent_sessions').column('user_id').execute()
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('persistent_sessions').execute()
      },
    },
  }
}
