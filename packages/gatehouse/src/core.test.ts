import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { createGatehouseCore } from './core.ts'
import { openDatabase } from './db/database.ts'
import { GatehouseConfigError } from './errors.ts'
import { PasswordHashingBusyError } from './passwords/index.ts'
import { registerAccount } from './registration/register-account.ts'
import { manualClock, registration, TEST_SECRET } from '../test/support/core.ts'
import { forEachDialect } from '../test/support/dialects.ts'
import { onCleanup } from '../test/support/services.ts'

describe('createGatehouseCore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-core-test-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  test('should throw GatehouseConfigError before opening the database', async () => {
    const path = join(dir, 'never', 'created.sqlite')
    await assert.rejects(createGatehouseCore({ database: `sqlite:${path}`, secret: 'too short', publicUrl: 'http://localhost:4000' }), GatehouseConfigError)
    assert.equal(existsSync(join(dir, 'never')), false)
  })

  test('should throw GatehouseConfigError for a database URL it cannot use', async () => {
    await assert.rejects(createGatehouseCore({ database: 'mysql://localhost/app', secret: TEST_SECRET, publicUrl: 'http://localhost:4000' }), GatehouseConfigError)
  })

  test('should hash with fewer slots right after noteInteractiveRequest (a full queue refuses the extra hash)', async () => {
    const passwordHashingQueue = { concurrency: 2, concurrencyWhileServing: 1, maxQueued: 0 }
    const core = await createGatehouseCore({ database: 'sqlite::memory:', secret: TEST_SECRET, publicUrl: 'http://localhost:4000', passwordHashingQueue })
    onCleanup(() => core.close())
    const hashTwo = () => Promise.allSettled([core.context.passwords.hash('first password'), core.context.passwords.hash('second password')])
    assert.deepEqual((await hashTwo()).map((r) => r.status), ['fulfilled', 'fulfilled'])
    core.noteInteractiveRequest()
    const whileServing = await hashTwo()
    assert.deepEqual(whileServing.map((r) => r.status), ['fulfilled', 'rejected'])
    assert.ok(whileServing[1]?.status === 'rejected' && whileServing[1].reason instanceof PasswordHashingBusyError)
  })
})

forEachDialect((dialect) => {
  describe('createGatehouseCore', () => {
    test('should work on a database the app opened itself, with the configured clock and policy', async () => {
      const database = openDatabase(await dialect.databaseUrl())
      onCleanup(() => database.close())
      const clock = manualClock(Date.UTC(2030, 5, 1))
      const core = await createGatehouseCore({ database, secret: TEST_SECRET, publicUrl: 'https://auth.example.com/', clock, sessions: { absoluteLifetimeMs: 2 * 60 * 60_000 } })
      assert.equal(core.database, database)
      assert.equal(core.context.db, database.db)
      assert.equal(core.context.dialect, dialect.name)
      assert.equal(core.context.clock, clock)
      assert.equal(core.context.sessionPolicy, core.config.sessionPolicy)
      assert.ok(Object.isFrozen(core.context))

      const result = await core.registerAccount(registration('own-db'))
      assert.ok(result.ok)
      assert.equal(result.user.insertedAt, Date.UTC(2030, 5, 1))
      const { session } = await core.createSession(result.user)
      assert.equal(session.expiresAt, Date.UTC(2030, 5, 1) + 2 * 60 * 60_000)
    })

    test('should bind every use case to its context (the bound and the plain function see the same data)', async () => {
      const database = openDatabase(await dialect.databaseUrl())
      onCleanup(() => database.close())
      const core = await createGatehouseCore({ database, secret: TEST_SECRET, publicUrl: 'http://localhost:4000' })
      assert.ok((await registerAccount(core.context, registration('bound'))).ok)
      const again = await core.registerAccount(registration('bound'))
      assert.equal(again.ok, false)
    })
  })
})
