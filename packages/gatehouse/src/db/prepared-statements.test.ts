import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createTestCore } from '../../test/support/core.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import { compileTemplate, prepareStatement } from './prepared-statements.ts'

forEachDialect((dialect) => {
  describe('statements compiled once (compileTemplate, prepareStatement)', () => {
    test('should run a template with new values in their places, constants kept', async () => {
      const core = await createTestCore(dialect)
      const { db } = core.database
      const insert = compileTemplate(
        (s) => db.insertInto('rate_limits').values({ key: s.key, window_start: 0, hits: s.hits, previous_hits: 0, wait_ms: 0, blocked_until: 0, expires_at: s.expiresAt }).returning(['key', 'hits', 'expires_at']),
        { key: '\u0000key', hits: -1001, expiresAt: -1002 },
      )
      const run = prepareStatement(core.database, insert.query)
      assert.deepEqual(await run(insert.parametersOf({ key: 'template:a', hits: 3, expiresAt: 42 })), [{ key: 'template:a', hits: 3, expires_at: 42 }])
      assert.deepEqual(await run(insert.parametersOf({ key: 'template:b', hits: 5, expiresAt: 43 })), [{ key: 'template:b', hits: 5, expires_at: 43 }])
      const remove = compileTemplate((s) => db.deleteFrom('rate_limits').where('key', '=', s.key), { key: '\u0000key' })
      assert.deepEqual(await prepareStatement(core.database, remove.query)(remove.parametersOf({ key: 'template:a' })), [])
      const keys = await db.selectFrom('rate_limits').select('key').where('key', 'like', 'template:%').execute()
      assert.deepEqual(keys, [{ key: 'template:b' }])
    })

    test('should refuse a placeholder the query does not use (a value computed from slots must be a slot)', async () => {
      const core = await createTestCore(dialect)
      const { db } = core.database
      assert.throws(() => compileTemplate((s) => db.deleteFrom('rate_limits').where('key', '=', `${s.key}!`), { key: '\u0000key' }), /slot key/)
    })

    test('should not join a transaction another caller has open on the connection', async () => {
      const core = await createTestCore(dialect)
      const { db } = core.database
      const insert = compileTemplate((s) => db.insertInto('rate_limits').values({ key: s.key, window_start: 0, hits: 0, previous_hits: 0, wait_ms: 0, blocked_until: 0, expires_at: 1 }), { key: '\u0000key' })
      const run = prepareStatement(core.database, insert.query)
      let written: Promise<unknown[]> | undefined
      await assert.rejects(
        db.transaction().execute(async (trx) => {
          await trx.insertInto('rate_limits').values({ key: 'tx:rolled-back', window_start: 0, hits: 0, previous_hits: 0, wait_ms: 0, blocked_until: 0, expires_at: 1 }).execute()
          // Not awaited here: on SQLite the write waits for this transaction to end.
          written = run(insert.parametersOf({ key: 'tx:outside' }))
          written.catch(() => {})
          throw new Error('roll back')
        }),
        /roll back/,
      )
      await written
      const keys = await db.selectFrom('rate_limits').select('key').where('key', 'like', 'tx:%').execute()
      assert.deepEqual(keys, [{ key: 'tx:outside' }])
    })
  })
})
