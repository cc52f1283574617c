import type { Kysely, Migration } from 'kysely'
import type { DialectName } from '../database.ts'
import { addIdColumn } from './columns.ts'

/** `mail_outbox`: mails written inside the sending transaction and delivered after it commits. */
export function mailOutboxTable(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('mail_outbox')
        .$call((t) => addIdColumn(t, dialect))
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('text_body', 'text')
        .addColumn('html_body', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('sent_at', 'bigint')
        .addColumn('failed_at', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('claimed_until', 'bigint')
        .execute()
      // Every delivery pass looks for `sent_at is null and next_attempt_at <= now`.
      await db.schema.createIndex('mail_outbox_due_index').on('mail_outbox').columns(['sent_at', 'next_attempt_at']).execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('mail_outbox').execute()
    },
  }
}
