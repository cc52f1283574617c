import type { DialectName, Kysely, Migration } from '../api.ts'

/** The extension's table, tracked in `gatehouse_last_sign_in_migrations`. */
export function lastSignInMigrations(_dialect: DialectName): Record<string, Migration> {
  return {
    '0001_last_sign_ins': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('last_sign_ins')
          .ifNotExists()
          .addColumn('user_id', 'bigint', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
          .addColumn('current_at', 'bigint', (c) => c.notNull())
          .addColumn('previous_at', 'bigint')
          .execute()
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('last_sign_ins').execute()
      },
    },
  }
}
