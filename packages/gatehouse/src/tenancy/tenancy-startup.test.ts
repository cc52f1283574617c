import assert from 'node:assert/strict'
import { describe, mock, test } from 'node:test'
import { createTestGatehouse } from '../../test/support/app.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import { insertAccount, TENANT_TEST_TABLES, tenantTestMigrations } from '../../test/support/tenant-tables.ts'
import { GatehouseConfigError } from '../errors.ts'
import { TenantScopeError } from './tenant-scope-error.ts'

forEachDialect((dialect) => {
  describe('tenancy at start-up and its handles', () => {
    test('should refuse to start when tenancy.tables names a table that does not exist', async () => {
      await assert.rejects(
        createTestGatehouse(dialect, { migrations: tenantTestMigrations, tenancy: { tables: ['projects', 'projcts'] } }),
        (error: Error) => error instanceof GatehouseConfigError && /projcts does not exist/.test(error.message),
      )
    })

    test('should throw on withoutPlugins() of the guarded handle and of a scoped one, however it was derived', async () => {
      const gatehouse = await createTestGatehouse(dialect, { migrations: tenantTestMigrations, tenancy: { tables: TENANT_TEST_TABLES } })
      const account = await insertAccount(gatehouse as never, 'A')
      assert.throws(() => gatehouse.db.withoutPlugins(), TenantScopeError)
      assert.throws(() => gatehouse.db.withPlugin({ transformQuery: (a) => a.node, transformResult: async (a) => a.result }).withoutPlugins(), TenantScopeError)
      await assert.rejects(
        gatehouse.db.transaction().execute(async (trx) => trx.withoutPlugins()),
        TenantScopeError,
      )
      await assert.rejects(gatehouse.db.connection().execute(async (connection) => connection.withoutPlugins()), TenantScopeError)
      await gatehouse.withTenant(account, async (db) => {
        assert.throws(() => db.withoutPlugins(), TenantScopeError)
        assert.throws(() => db.withSchema('main').withoutPlugins(), TenantScopeError)
        assert.throws(() => db.getExecutor().withoutPlugins(), TenantScopeError)
      })
    })

    test('should warn in development and refuse in production when the tenant connection bypasses row-level security', { skip: dialect.name === 'sqlite' ? 'SQLite has no row-level security' : false }, async () => {
      // The test cluster connects as the superuser postgres, like the tutorial's default URL.
      const warn = mock.method(console, 'warn', () => {})
      try {
        await createTestGatehouse(dialect, { migrations: tenantTestMigrations, tenancy: { tables: TENANT_TEST_TABLES } })
        assert.ok(warn.mock.calls.some((call) => /row-level security is off.*superuser/.test(String(call.arguments[0]))), 'no warning')
      } finally {
        warn.mock.restore()
      }
      await assert.rejects(
        createTestGatehouse(dialect, { production: true, migrations: tenantTestMigrations, tenancy: { tables: TENANT_TEST_TABLES } }),
        (error: Error) => error instanceof GatehouseConfigError && /superuser/.test(error.message),
      )
      const allowed = await createTestGatehouse(dialect, { production: true, migrations: tenantTestMigrations, tenancy: { tables: TENANT_TEST_TABLES, allowRowSecurityBypass: true } })
      assert.ok(allowed.tenancy.tables.has('projects'))
    })
  })
})
