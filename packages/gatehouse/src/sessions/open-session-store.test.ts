import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createGatehouseCore } from '../core.ts'
import { openDatabase } from '../db/database.ts'
import { TEST_SECRET } from '../../test/support/core.ts'
import { freePort } from '../../test/support/ports.ts'
import { probeRedis, redisTestPrefix, redisUrl, skipReason } from '../../test/support/services.ts'

const redisSkip = skipReason('Redis', await probeRedis())
const options = { secret: TEST_SECRET, publicUrl: 'http://localhost:4000' }

describe('the session store chosen by createGatehouseCore', () => {
  test('should use the SQL store and no Redis connection by default', async () => {
    const core = await createGatehouseCore({ ...options, database: 'sqlite::memory:' })
    try {
      assert.equal(core.redis, null)
      const registered = await core.registerAccount({ email: 'a@example.com', password: 'p'.repeat(12), password_confirmation: 'p'.repeat(12), account_name: 'A' })
      assert.ok(registered.ok)
      await core.createSession(registered.user)
      const row = await core.database.db.selectFrom('sessions').select('user_id').executeTakeFirst()
      assert.equal(row?.user_id, registered.user.id)
    } finally {
      await core.close()
    }
  })

  test('should refuse to start when Redis does not answer, and close the database it opened', async () => {
    const database = openDatabase('sqlite::memory:')
    let closed = false
    const watched = { ...database, close: async () => void ((closed = true), await database.close()) }
    const port = await freePort()
    await assert.rejects(createGatehouseCore({ ...options, database: watched, sessionStore: { redisUrl: `redis://127.0.0.1:${port}` } }), /did not answer/)
    assert.equal(closed, true)
  })

  test('should keep sessions in Redis, not in SQL, and share its connection', { skip: redisSkip ?? false }, async () => {
    const keyPrefix = redisTestPrefix()
    const core = await createGatehouseCore({ ...options, database: 'sqlite::memory:', sessionStore: { redisUrl, keyPrefix } })
    try {
      assert.ok(core.redis)
      const registered = await core.registerAccount({ email: 'b@example.com', password: 'p'.repeat(12), password_confirmation: 'p'.repeat(12), account_name: 'B' })
      assert.ok(registered.ok)
      const { token, session } = await core.createSession(registered.user)
      assert.equal((await core.validateSessionToken(token))?.user.id, registered.user.id)
      assert.equal(await core.database.db.selectFrom('sessions').select('id').executeTakeFirst(), undefined)
      assert.equal(await core.redis.exists(`${keyPrefix}session:${session.id}`), 1)
    } finally {
      await core.close()
    }
    assert.equal(core.redis.status, 'end', 'close() closes the Redis connection')
  })
})
