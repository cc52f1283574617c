import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import type { GatehouseCore } from '../core.ts'
import { createTestCore } from '../../test/support/core.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import { describeRateLimitStoreConformance } from '../../test/support/rate-limit-store-conformance.ts'
import { createMemoryRateLimitStore } from './memory-rate-limit-store.ts'
import { createSqlRateLimitStore } from './sql-rate-limit-store.ts'

forEachDialect((dialect) => {
  let core: GatehouseCore
  before(async () => {
    core = await createTestCore(dialect)
  })
  describeRateLimitStoreConformance('SQL rate-limit store', () => createSqlRateLimitStore(core.database.db))
  describeRateLimitStoreConformance('SQL rate-limit store, prepared statements', () => createSqlRateLimitStore(core.database))

  describe('rate_limits rows', () => {
    test('should hold only hashed keys, and lose expired rows to deleteExpired', async () => {
      const store = createSqlRateLimitStore(core.database.db)
      const now = Date.UTC(2030, 0, 1)
      await store.countHit('rows:a', 60_000, 1, now)
      await store.countHit('rows:b', 3_600_000, 1, now)
      const deleted = await store.deleteExpired(now + 2 * 60_000)
      assert.ok(deleted >= 1)
      const keys = (await core.database.db.selectFrom('rate_limits').select('key').where('key', 'like', 'rows:%').execute()).map((r) => r.key)
      assert.deepEqual(keys, ['rows:b'])
    })

    test('should commit the writes of inTransaction together, or none of them', async () => {
      const store = createSqlRateLimitStore(core.database.db)
      const now = Date.UTC(2030, 0, 1)
      const policy = { failuresBeforeWait: 5, firstWaitMs: 30_000, maxWaitMs: 60_000, forgetAfterMs: 86_400_000 }
      await store.inTransaction?.(async (inside) => {
        await inside.countHit('tx:ip', 60_000, 1, now)
        await inside.claimAttempt('tx:email', policy, now)
      })
      await assert.rejects(
        store.inTransaction!(async (inside) => {
          await inside.countHit('tx:ip', 60_000, 1, now)
          await inside.claimAttempt('tx:other', policy, now)
          throw new Error('stop')
        }),
        /stop/,
      )
      const rows = await core.database.db.selectFrom('rate_limits').select(['key', 'hits']).where('key', 'like', 'tx:%').orderBy('key').execute()
      assert.deepEqual(rows.map((r) => [r.key, Number(r.hits)]), [['tx:email', 1], ['tx:ip', 1]])
    })

    test('should offer inTransaction on PostgreSQL only, where it saves a WAL flush', () => {
      assert.equal(typeof createSqlRateLimitStore(core.database).inTransaction, dialect.name === 'postgres' ? 'function' : 'undefined')
    })
  })
})

describeRateLimitStoreConformance('memory rate-limit store', () => createMemoryRateLimitStore())

describe('memory rate-limit store size', () => {
  test('should stay within maxKeys when flooded with new keys', async () => {
    const store = createMemoryRateLimitStore({ maxKeys: 100 })
    for (let i = 0; i < 1000; i++) await store.countHit(`flood:${i}`, 60_000, 1, 0)
    // The newest keys are still counted.
    assert.equal((await store.countHit('flood:999', 60_000, 1, 0)).current, 2)
    assert.equal((await store.countHit('flood:0', 60_000, 1, 0)).current, 1)
  })
})
