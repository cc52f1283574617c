import { addIdColumn } from '../api.ts'
import type { DialectName, Kysely, Migration } from '../api.ts'

/** The extension's tables, tracked in `gatehouse_security_page_migrations`. */
export function securityPageMigrations(dialect: DialectName): Record<string, Migration> {
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
    '0002_two_factor': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('security_two_factors')
          .ifNotExists()
          .addColumn('user_id', 'bigint', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
          .addColumn('secret_sealed', 'varchar(255)', (c) => c.notNull())
          .addColumn('enabled_at', 'bigint', (c) => c.notNull())
          .addColumn('last_used_step', 'bigint')
          .execute()
        await db.schema
          .createTable('security_recovery_codes')
          .ifNotExists()
          .addColumn('code_hash', 'varchar(64)', (c) => c.primaryKey())
          .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('used_at', 'bigint')
          .execute()
        await db.schema.createIndex('security_recovery_codes_user_id_index').ifNotExists().on('security_recovery_codes').column('user_id').execute()
        await db.schema
          .createTable('security_pending_sign_ins')
          .ifNotExists()
          .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
          .addColumn('secret_hash', 'varchar(64)', (c) => c.notNull())
          .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('request_path', 'varchar(2048)')
          .addColumn('persistent_session', 'varchar(16)', (c) => c.notNull())
          .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .execute()
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('security_pending_sign_ins').execute()
        await db.schema.dropTable('security_recovery_codes').execute()
        await db.schema.dropTable('security_two_factors').execute()
      },
    },
    '0003_passkeys': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('security_passkeys')
          .ifNotExists()
          .$call((t) => addIdColumn(t, dialect))
          .addColumn('credential_id', 'varchar(1024)', (c) => c.notNull().unique())
          .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
          .addColumn('public_key', 'varchar(2048)', (c) => c.notNull())
          .addColumn('sign_count', 'bigint', (c) => c.notNull())
          .addColumn('transports', 'varchar(255)', (c) => c.notNull())
          .addColumn('name', 'varchar(64)', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('last_used_at', 'bigint')
          .execute()
        await db.schema.createIndex('security_passkeys_user_id_index').ifNotExists().on('security_passkeys').column('user_id').execute()
        await db.schema.createIndex('security_passkeys_account_id_index').ifNotExists().on('security_passkeys').column('account_id').execute()
        await db.schema
          .createTable('security_passkey_challenges')
          .ifNotExists()
          .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
          .addColumn('secret_hash', 'varchar(64)', (c) => c.notNull())
          .addColumn('purpose', 'varchar(16)', (c) => c.notNull())
          .addColumn('user_id', 'bigint', (c) => c.references('users.id').onDelete('cascade'))
          .addColumn('challenge_hash', 'varchar(64)', (c) => c.notNull())
          .addColumn('passkey_name', 'varchar(64)')
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .execute()
      },
      async down(db: Kysely<unknown>) {
        await db.schema.dropTable('security_passkey_challenges').execute()
        await db.schema.dropTable('security_passkeys').execute()
      },
    },
  }
}
