import type { DialectName, Kysely, Migration } from '../api.ts'

/** The extension's table, tracked in `gatehouse_security_page_migrations`. */
export function securityPageMigrations(_dialect: DialectName): Record<string, Migration> {
  return {
    '0001_security_session_details': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('security_session_details')
          .ifNotExists()
          .addColumn('session_id', 'varchar(64)', (c) => c.primaryKey())
          .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('user_agent', 'varchar(512)', (c) => c.notNull())
          .addColumn('ip_address', 'varchar(64)', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .execute()
        await db.schema.createIndex('security_session_details_user_id_index').ifNotExists().on('security_session_details').column('user_id').execute()
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('security_session_details').execute()
      },
    },
  }
}
