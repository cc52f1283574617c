import type { Kysely, Migration } from 'kysely'
import type { DialectName } from '../database.ts'
import { addIdColumn } from './columns.ts'

/**
 * `audit_events`: authentication events with their account, user, IP and time. An account's
 * events are deleted with the account (its deletion promises "all its data"); a deleted user's
 * events stay in their account's log with the user left blank.
 */
export function auditEventsTable(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('audit_events')
        .$call((t) => addIdColumn(t, dialect))
        .addColumn('account_id', 'bigint', (c) => c.references('accounts.id').onDelete('cascade'))
        .addColumn('user_id', 'bigint', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('event_type', 'text', (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('occurred_at', 'bigint', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute()
      // The account page lists an account's newest events.
      await db.schema.createIndex('audit_events_account_id_occurred_at_index').on('audit_events').columns(['account_id', 'occurred_at']).execute()
      // ON DELETE SET NULL looks rows up by user.
      await db.schema.createIndex('audit_events_user_id_index').on('audit_events').column('user_id').execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('audit_events').execute()
    },
  }
}
