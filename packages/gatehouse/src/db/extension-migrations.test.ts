import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { Migrator, sql } from 'kysely'
import type { Kysely } from 'kysely'
import { forEachDialect } from '../../test/support/dialects.ts'
import type { DialectTarget } from '../../test/support/dialects.ts'
import { onCleanup } from '../../test/support/services.ts'
import { emailConfirmation, invitations, rememberMe, resetPassword } from '../index.ts'
import { openDatabase } from './database.ts'
import type { DialectName } from './database.ts'
import { coreTables } from './migrations/0001-core-tables.ts'
import { mailOutboxTable } from './migrations/0002-mail-outbox.ts'
import { extensionTables } from './migrations/0003-extension-tables.ts'
import { rateLimitsTable } from './migrations/0004-rate-limits.ts'
import { auditEventsTable } from './migrations/0005-audit-events.ts'
import { migrateToLatest } from './migrator.ts'
import type { MigrationReport } from './migrator.ts'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any schema: migrations create it
type AnyDb = Kysely<any>

const ALL_EXTENSIONS = [resetPassword(), emailConfirmation(), rememberMe(), invitations()]

async function freshDatabase(dialect: DialectTarget) {
  const database = openDatabase(await dialect.databaseUrl())
  onCleanup(() => database.close())
  return { db: database.db as AnyDb, dialect: database.dialect }
}

/** What the previous release applied: the frozen 0003 created every extension's tables. */
async function migrateAsPreviousRelease(db: AnyDb, dialect: DialectName): Promise<void> {
  const migrations = {
    '0001_core_tables': coreTables(dialect),
    '0002_mail_outbox': mailOutboxTable(dialect),
    '0003_extension_tables': extensionTables(dialect),
    '0004_rate_limits': rateLimitsTable(),
    '0005_audit_events': auditEventsTable(dialect),
  }
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, migrationTableName: 'gatehouse_migrations', migrationLockTableName: 'gatehouse_migrations_lock' })
  const { error } = await migrator.migrateToLatest()
  assert.equal(error, undefined)
}

async function columnsOf(db: AnyDb): Promise<Map<string, string[]>> {
  return new Map((await db.introspection.getTables()).map((t) => [t.name, t.columns.map((c) => c.name)]))
}

const applied = (reports: MigrationReport[]) => reports.map((r) => [r.set, (r.results.results ?? []).map((m) => `${m.migrationName}:${m.status}`)])

forEachDialect((dialect) => {
  describe('extension migrations', () => {
    test('should give a fresh install no extension table from Gatehouse, and each extension its own, tracked per extension', async () => {
      const { db, dialect: name } = await freshDatabase(dialect)
      assert.deepEqual(
        (await migrateToLatest(db, name)).map((r) => r.results.error),
        [undefined],
      )
      let tables = await columnsOf(db)
      for (const table of ['persistent_sessions', 'invitations']) assert.equal(tables.has(table), false, `${table} exists without its extension`)
      assert.equal(tables.get('users')?.includes('unconfirmed_email'), false)
      assert.ok(tables.get('users')?.includes('email_confirmed_at'))
      assert.ok(tables.has('user_tokens'))

      const reports = await migrateToLatest(db, name, {}, ALL_EXTENSIONS)
      assert.deepEqual(applied(reports), [
        ['gatehouse', []],
        ['email_confirmation', ['0001_unconfirmed_email:Success']],
        ['remember_me', ['0001_persistent_sessions:Success']],
        ['invitations', ['0001_invitations:Success']],
      ])
      tables = await columnsOf(db)
      assert.ok(tables.get('users')?.includes('unconfirmed_email'))
      for (const table of ['persistent_sessions', 'invitations', 'gatehouse_remember_me_migrations', 'gatehouse_invitations_migrations', 'gatehouse_email_confirmation_migrations']) {
        assert.ok(tables.has(table), `${table} is missing`)
      }
      // Reset password needs no table of its own: nothing is tracked for it.
      assert.equal(tables.has('gatehouse_reset_password_migrations'), false)
    })

    test('should upgrade a database migrated by the previous release without touching its data, then apply nothing', async () => {
      const { db, dialect: name } = await freshDatabase(dialect)
      await migrateAsPreviousRelease(db, name)
      const now = Date.now()
      const account = await db.insertInto('accounts').values({ name: 'Upgraded', normalized_name: `upgraded ${name} ${now}`, inserted_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()
      const user = await db
        .insertInto('users')
        .values({ account_id: account.id, email: `upgraded-${name}-${now}@example.com`, password_hash: null, role: 'owner', inserted_at: now, updated_at: now, email_confirmed_at: now, unconfirmed_email: 'pending@example.com' })
        .returning('id')
        .executeTakeFirstOrThrow()
      await db.insertInto('persistent_sessions').values({ id: 'kept', secret_hash: 'h', user_id: user.id, created_at: now, expires_at: now + 1000 }).execute()
      await db.insertInto('invitations').values({ account_id: account.id, email: 'invitee@example.com', role: 'member', token_hash: `kept-${now}`, created_at: now, expires_at: now + 1000 }).execute()
      await db.insertInto('user_tokens').values({ user_id: user.id, purpose: 'kept', token_hash: `kept-${now}`, sent_to: 'x@example.com', created_at: now, expires_at: now + 1000 }).execute()

      const reports = await migrateToLatest(db, name, {}, ALL_EXTENSIONS)
      assert.deepEqual(reports.map((r) => r.results.error), [undefined, undefined, undefined, undefined])
      assert.deepEqual(applied(reports), [
        ['gatehouse', ['0006_user_tokens:Success']],
        ['email_confirmation', ['0001_unconfirmed_email:Success']],
        ['remember_me', ['0001_persistent_sessions:Success']],
        ['invitations', ['0001_invitations:Success']],
      ])
      const row = await db.selectFrom('users').select(['unconfirmed_email', 'email_confirmed_at']).where('id', '=', user.id).executeTakeFirstOrThrow()
      assert.deepEqual({ ...row, email_confirmed_at: Number(row.email_confirmed_at) }, { unconfirmed_email: 'pending@example.com', email_confirmed_at: now })
      for (const table of ['persistent_sessions', 'invitations', 'user_tokens']) {
        const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db)
        assert.equal(Number(rows[0]?.n), 1, `${table} lost its row`)
      }

      assert.deepEqual(applied(await migrateToLatest(db, name, {}, ALL_EXTENSIONS)), [['gatehouse', []], ['email_confirmation', []], ['remember_me', []], ['invitations', []]])
      // Switching extensions off later leaves nothing Kysely could call missing.
      assert.deepEqual((await migrateToLatest(db, name)).map((r) => r.results.error), [undefined])
    })
  })
})
