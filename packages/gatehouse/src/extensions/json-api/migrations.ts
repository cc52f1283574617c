import type { DialectName, Kysely, Migration } from '../api.ts'

/** The extension's table, tracked in `gatehouse_json_api_migrations`. */
export function jsonApiMigrations(_dialect: DialectName): Record<string, Migration> {
  return {
    '0001_api_tokens': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('api_tokens')
          .ifNotExists()
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('renewal_secret_hash', 'text', (c) => c.notNull())
          .addColumn('previous_renewal_secret_hash', 'text')
          .addColumn('previous_valid_until', 'bigint')
          .addColumn('renewal_expires_at', 'bigint', (c) => c.notNull())
          .addColumn('access_id', 'text', (c) => c.notNull().unique())
          .addColumn('access_secret_hash', 'text', (c) => c.notNull())
          .addColumn('access_expires_at', 'bigint', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute()
        await db.schema.createIndex('api_tokens_user_id_index').ifNotExists().on('api_tokens').column('user_id').execute()
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('api_tokens').execute()
      },
    },
  }
}
