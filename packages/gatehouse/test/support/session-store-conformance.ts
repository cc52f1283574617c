import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { before, beforeEach, describe, test } from 'node:test'
import type { CoreContext } from '../../src/context.ts'
import type { GatehouseCore } from '../../src/core.ts'
import type { Database } from '../../src/db/database.ts'
import type { SessionRow } from '../../src/db/schema.ts'
import type { SessionStore } from '../../src/sessions/session-store.ts'
import { createSession, validateSessionToken } from '../../src/sessions/sessions.ts'
import { createTestCore, manualClock } from './core.ts'
import type { DialectTarget } from './dialects.ts'
import { forEachDialect } from './dialects.ts'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

/** Builds the store under test on a migrated database (users and accounts live there). */
export type SessionStoreFactory = (database: Database, options: { idleTimeoutMs: number }) => SessionStore | Promise<SessionStore>

/**
 * The behaviour every `SessionStore` must have, run on SQLite and PostgreSQL (as the database
 * holding users and accounts, and for the SQL store the sessions too). The SQL store and the
 * Redis store both run it, so "passes the conformance suite" means the same thing for each.
 *
 * @example
 * describeSessionStoreConformance('sql session store', (database) => createSqlSessionStore(database.db))
 */
export function describeSessionStoreConformance(name: string, createStore: SessionStoreFactory): void {
  forEachDialect((dialect) => describe(`${name} conformance`, () => conformanceSuite(dialect, createStore)))
}

function conformanceSuite(dialect: DialectTarget, createStore: SessionStoreFactory): void {
  // Near real time, so that stores keeping their own TTLs see sensible timestamps.
  const clock = manualClock(Date.now())
  let core: GatehouseCore
  let store: SessionStore
  let ctx: CoreContext
  let alice: Principal
  let bob: Principal

  before(async () => {
    core = await createTestCore(dialect, { clock })
    store = await createStore(core.database, { idleTimeoutMs: core.config.sessionPolicy.idleTimeoutMs })
    ctx = { ...core.context, sessions: store }
    alice = await addPrincipal(core, 'alice')
    bob = await addPrincipal(core, 'bob')
  })
  beforeEach(() => clock.advance(HOUR))

  const row = (owner: Principal, overrides: Partial<SessionRow> = {}): SessionRow => {
    const now = clock.now()
    return {
      id: randomBytes(16).toString('base64url'),
      secret_hash: randomHash(),
      previous_secret_hash: null,
      previous_valid_until: null,
      user_id: owner.userId,
      account_id: owner.accountId,
      created_at: now,
      refreshed_at: now,
      expires_at: now + 24 * HOUR,
      ...overrides,
    }
  }
  const inserted = async (owner: Principal, overrides: Partial<SessionRow> = {}) => {
    const session = row(owner, overrides)
    await store.insert(session)
    return session
  }
  const exists = async (id: string) => (await store.findWithPrincipal(id)) !== null

  test('should find an inserted session with its user and account, field for field', async () => {
    const session = await inserted(alice)
    const found = await store.findWithPrincipal(session.id)
    assert.ok(found)
    assert.deepEqual(found.session, session)
    assert.deepEqual(found.user, { id: alice.userId, accountId: alice.accountId, email: alice.email, role: 'owner', insertedAt: alice.insertedAt, updatedAt: alice.insertedAt })
    assert.deepEqual(found.account, { id: alice.accountId, name: alice.accountName, insertedAt: alice.insertedAt, updatedAt: alice.insertedAt })
  })

  test('should keep the previous secret and its end when a row carries them', async () => {
    const session = await inserted(alice, { previous_secret_hash: randomHash(), previous_valid_until: clock.now() + MINUTE })
    assert.deepEqual((await store.findWithPrincipal(session.id))?.session, session)
  })

  test('should find nothing for an unknown id', async () => {
    await inserted(alice)
    assert.equal(await store.findWithPrincipal(randomBytes(16).toString('base64url')), null)
  })

  test('should read the user and account as they are now, not as they were at sign-in', async () => {
    const session = await inserted(bob)
    const later = clock.now()
    await core.database.db.updateTable('users').set({ role: 'admin', email: 'bob-renamed@example.com', updated_at: later }).where('id', '=', bob.userId).execute()
    await core.database.db.updateTable('accounts').set({ name: 'Renamed', normalized_name: `renamed ${bob.accountId}`, updated_at: later }).where('id', '=', bob.accountId).execute()
    const found = await store.findWithPrincipal(session.id)
    assert.equal(found?.user.role, 'admin')
    assert.equal(found?.user.email, 'bob-renamed@example.com')
    assert.equal(found?.account.name, 'Renamed')
  })

  test('should sign nobody in once the user is deleted', async () => {
    const carol = await addPrincipal(core, 'carol')
    const session = await inserted(carol)
    await core.database.db.deleteFrom('users').where('id', '=', carol.userId).execute()
    assert.equal(await store.findWithPrincipal(session.id), null)
  })

  test('should rotate when the expected secret matches, leaving created_at and expires_at alone', async () => {
    const session = await inserted(alice)
    clock.advance(15 * MINUTE)
    const rotation = { secretHash: randomHash(), previousSecretHash: session.secret_hash, previousValidUntil: clock.now() + MINUTE, refreshedAt: clock.now() }
    assert.equal(await store.rotateSecret(session.id, session.secret_hash, rotation), true)
    assert.deepEqual((await store.findWithPrincipal(session.id))?.session, {
      ...session,
      secret_hash: rotation.secretHash,
      previous_secret_hash: rotation.previousSecretHash,
      previous_valid_until: rotation.previousValidUntil,
      refreshed_at: rotation.refreshedAt,
    })
  })

  test('should clear the previous secret when a rotation has none (profile update)', async () => {
    const session = await inserted(alice, { previous_secret_hash: randomHash(), previous_valid_until: clock.now() + MINUTE })
    const rotation = { secretHash: randomHash(), previousSecretHash: null, previousValidUntil: null, refreshedAt: clock.now() }
    assert.equal(await store.rotateSecret(session.id, session.secret_hash, rotation), true)
    const found = await store.findWithPrincipal(session.id)
    assert.equal(found?.session.previous_secret_hash, null)
    assert.equal(found?.session.previous_valid_until, null)
    assert.equal(found?.session.secret_hash, rotation.secretHash)
  })

  test('should refuse a rotation from a stale secret and change nothing', async () => {
    const session = await inserted(alice)
    const rotation = { secretHash: randomHash(), previousSecretHash: session.secret_hash, previousValidUntil: clock.now() + MINUTE, refreshedAt: clock.now() + 1 }
    assert.equal(await store.rotateSecret(session.id, randomHash(), rotation), false)
    assert.deepEqual((await store.findWithPrincipal(session.id))?.session, session)
  })

  test('should refuse a rotation of a missing session without creating one', async () => {
    const id = randomBytes(16).toString('base64url')
    const rotation = { secretHash: randomHash(), previousSecretHash: null, previousValidUntil: null, refreshedAt: clock.now() }
    assert.equal(await store.rotateSecret(id, randomHash(), rotation), false)
    assert.equal(await store.findWithPrincipal(id), null)
  })

  test('should let exactly one of 10 concurrent rotations from the same secret win', async () => {
    const session = await inserted(alice)
    const rotations = Array.from({ length: 10 }, () => ({ secretHash: randomHash(), previousSecretHash: session.secret_hash, previousValidUntil: clock.now() + MINUTE, refreshedAt: clock.now() }))
    const results = await Promise.all(rotations.map((rotation) => store.rotateSecret(session.id, session.secret_hash, rotation)))
    assert.equal(results.filter(Boolean).length, 1, `winners: ${results.join(',')}`)
    const winner = rotations[results.indexOf(true)]
    assert.equal((await store.findWithPrincipal(session.id))?.session.secret_hash, winner?.secretHash)
  })

  test('should delete one session and leave the user\'s others; deleting a missing id is harmless', async () => {
    const [a, b] = [await inserted(alice), await inserted(alice)]
    await store.delete(a.id)
    await store.delete(a.id)
    await store.delete(randomBytes(16).toString('base64url'))
    assert.equal(await exists(a.id), false)
    assert.equal(await exists(b.id), true)
  })

  test('should delete every session of one user and only theirs', async () => {
    const mine = [await inserted(alice), await inserted(alice), await inserted(alice)]
    const theirs = await inserted(bob)
    await store.deleteForUser(alice.userId)
    for (const session of mine) assert.equal(await exists(session.id), false)
    assert.equal(await exists(theirs.id), true)
  })

  test('should list every session of one user, field for field, and only theirs', async () => {
    await store.deleteForUser(alice.userId)
    const mine = [await inserted(alice), await inserted(alice, { previous_secret_hash: randomHash(), previous_valid_until: clock.now() + MINUTE })]
    await inserted(bob)
    const listed = await store.listForUser(alice.userId)
    assert.deepEqual([...listed].sort((a, b) => a.id.localeCompare(b.id)), [...mine].sort((a, b) => a.id.localeCompare(b.id)))
    await store.delete(mine[0]!.id)
    assert.deepEqual((await store.listForUser(alice.userId)).map((s) => s.id), [mine[1]!.id])
    await store.deleteForUser(alice.userId)
    assert.deepEqual(await store.listForUser(alice.userId), [])
  })

  test('should keep the excepted session when deleting a user\'s sessions (password change)', async () => {
    const [kept, other1, other2] = [await inserted(alice), await inserted(alice), await inserted(alice)]
    await store.deleteForUser(alice.userId, kept.id)
    assert.equal(await exists(kept.id), true)
    assert.equal(await exists(other1.id), false)
    assert.equal(await exists(other2.id), false)
    await store.deleteForUser(alice.userId)
    assert.equal(await exists(kept.id), false)
  })

  test('should delete exactly the sessions past their absolute or idle end, boundaries included', async () => {
    const idle = 30 * MINUTE
    await store.deleteExpired(clock.now() + 48 * HOUR, idle) // a clean slate
    const now = clock.now()
    const absoluteAtNow = await inserted(alice, { created_at: now - HOUR, refreshed_at: now - MINUTE, expires_at: now })
    const absoluteJustLive = await inserted(alice, { created_at: now - HOUR, refreshed_at: now - MINUTE, expires_at: now + 1 })
    const idleAtLimit = await inserted(bob, { created_at: now - HOUR, refreshed_at: now - idle, expires_at: now + HOUR })
    const idleJustLive = await inserted(bob, { created_at: now - HOUR, refreshed_at: now - idle + 1, expires_at: now + HOUR })
    assert.equal(await store.deleteExpired(now, idle), 2)
    assert.equal(await exists(absoluteAtNow.id), false)
    assert.equal(await exists(idleAtLimit.id), false)
    assert.equal(await exists(absoluteJustLive.id), true)
    assert.equal(await exists(idleJustLive.id), true)
    assert.equal(await store.deleteExpired(now, idle), 0)
    // A user's remaining sessions are still reachable for "sign out everywhere".
    await store.deleteForUser(alice.userId)
    assert.equal(await exists(absoluteJustLive.id), false)
  })

  describe('under the session logic (sessions.ts)', () => {
    const policy = () => core.config.sessionPolicy

    test('should end a session left idle for the idle timeout, and delete it', async () => {
      const { token, session } = await createSession(ctx, { id: alice.userId, accountId: alice.accountId })
      clock.advance(policy().idleTimeoutMs - 1)
      const stillOn = await validateSessionToken(ctx, token)
      assert.ok(stillOn)
      assert.ok(stillOn.rotatedToken, 'past the rotation interval the token is rotated')
      clock.advance(policy().idleTimeoutMs)
      assert.equal(await validateSessionToken(ctx, stillOn.rotatedToken), null)
      assert.equal(await exists(session.id), false)
    })

    test('should end an active session at its absolute end: rotations never extend it', async () => {
      let { token, session } = await createSession(ctx, { id: alice.userId, accountId: alice.accountId })
      const end = session.expiresAt
      for (;;) {
        clock.advance(policy().rotationIntervalMs)
        if (clock.now() >= end) break
        const current = await validateSessionToken(ctx, token)
        assert.ok(current, `signed out ${end - clock.now()} ms before the end`)
        assert.equal(current.session.expiresAt, end)
        token = current.rotatedToken ?? token
        session = current.session
      }
      assert.equal((await store.findWithPrincipal(session.id))?.session.expires_at, end)
      assert.equal(await validateSessionToken(ctx, token), null)
      assert.equal(await exists(session.id), false)
    })

    test('should answer two simultaneous requests at rotation time as signed in, with one new token', async () => {
      const { token } = await createSession(ctx, { id: bob.userId, accountId: bob.accountId })
      clock.advance(policy().rotationIntervalMs)
      const [first, second] = await Promise.all([validateSessionToken(ctx, token), validateSessionToken(ctx, token)])
      assert.ok(first && second)
      const newTokens = [first.rotatedToken, second.rotatedToken].filter((t): t is string => t !== null)
      assert.equal(newTokens.length, 1)
      const [newToken] = newTokens as [string]
      assert.ok(await validateSessionToken(ctx, newToken))
      assert.ok(await validateSessionToken(ctx, token), 'the old token works during the grace period')
      clock.advance(policy().rotationGraceMs)
      assert.equal(await validateSessionToken(ctx, token), null, 'the old token stops after the grace period')
      assert.ok(await validateSessionToken(ctx, newToken))
    })
  })
}

interface Principal {
  readonly userId: number
  readonly accountId: number
  readonly email: string
  readonly accountName: string
  readonly insertedAt: number
}

/** An account with one owner, written straight to the database (no password hashing needed). */
async function addPrincipal(core: GatehouseCore, name: string): Promise<Principal> {
  const now = core.context.clock.now()
  const suffix = randomBytes(4).toString('hex')
  const accountName = `Account ${name} ${suffix}`
  const email = `${name}-${suffix}@example.com`
  const account = await core.database.db
    .insertInto('accounts')
    .values({ name: accountName, normalized_name: accountName.toLowerCase(), inserted_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  const user = await core.database.db
    .insertInto('users')
    .values({ account_id: account.id, email, password_hash: null, role: 'owner', inserted_at: now, updated_at: now, email_confirmed_at: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { userId: user.id, accountId: account.id, email, accountName, insertedAt: now }
}

function randomHash(): string {
  return randomBytes(32).toString('hex')
}
