import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { before, beforeEach, describe, test } from 'node:test'
import { sql } from 'kysely'
import type { GatehouseCore } from '../core.ts'
import { createTestCore, manualClock, registration } from '../../test/support/core.ts'
import { addUser, countRows, sessionRow } from '../../test/support/db.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import type { DialectTarget } from '../../test/support/dialects.ts'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const TOKEN = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/

const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex')
const randomPart = (bytes: number) => randomBytes(bytes).toString('base64url')
const partsOf = (token: string) => {
  const [id = '', secret = ''] = token.split('.')
  return { id, secret }
}

/** A core on a fresh database with a hand-moved clock and one registered user. */
async function setUp(dialect: DialectTarget, sessions?: Record<string, number>) {
  const clock = manualClock()
  const core = await createTestCore(dialect, { clock, ...(sessions ? { sessions } : {}) })
  const result = await core.registerAccount(registration('owner'))
  assert.ok(result.ok)
  return { core, clock, user: result.user, account: result.account }
}

/**
 * Something that changes whenever the session row is written: SQLite's count of changed rows on
 * the (single) connection, PostgreSQL's xmin of the row (every UPDATE writes a new row version).
 */
async function writeMarker(core: GatehouseCore, sessionId: string): Promise<string> {
  const { db, dialect } = core.database
  if (dialect === 'sqlite') {
    const { rows } = await sql<{ n: number }>`select total_changes() as n`.execute(db)
    return String(rows[0]?.n)
  }
  const { rows } = await sql<{ xmin: string }>`select xmin::text as xmin from sessions where id = ${sessionId}`.execute(db)
  return String(rows[0]?.xmin)
}

forEachDialect((dialect) => {
  describe('sessions', () => {
    let core: GatehouseCore
    let clock: ReturnType<typeof manualClock>
    let user: { id: number; accountId: number }
    before(async () => {
      ;({ core, clock, user } = await setUp(dialect))
    })
    beforeEach(async () => {
      // Every test starts with no sessions at a fresh point in time.
      await core.database.db.deleteFrom('sessions').execute()
      clock.advance(48 * HOUR)
    })

    test('should issue a token of the form <22 chars>.<43 chars> and a session that describes it', async () => {
      const now = clock.now()
      const { token, session } = await core.createSession(user)
      assert.match(token, TOKEN)
      assert.equal(session.id, partsOf(token).id)
      assert.equal(session.userId, user.id)
      assert.equal(session.accountId, user.accountId)
      assert.equal(session.createdAt, now)
      assert.equal(session.refreshedAt, now)
      assert.equal(session.expiresAt, now + 24 * HOUR)
    })

    test('should issue a different id and secret for every session', async () => {
      const a = partsOf((await core.createSession(user)).token)
      const b = partsOf((await core.createSession(user)).token)
      assert.notEqual(a.id, b.id)
      assert.notEqual(a.secret, b.secret)
    })

    test('should store only the SHA-256 hex of the secret, never the secret itself', async () => {
      const { token } = await core.createSession(user)
      const { id, secret } = partsOf(token)
      const row = await sessionRow(core, id)
      assert.ok(row)
      assert.equal(row.secret_hash, sha256Hex(secret))
      assert.match(row.secret_hash, /^[0-9a-f]{64}$/)
      assert.equal(row.previous_secret_hash, null)
      const stored = JSON.stringify(row)
      assert.ok(!stored.includes(secret), 'the raw secret is in the sessions row')
      assert.ok(!stored.includes(token), 'the raw token is in the sessions row')
    })

    test('should validate a fresh token and return its session, user and account', async () => {
      const { token, session } = await core.createSession(user)
      const current = await core.validateSessionToken(token)
      assert.ok(current)
      assert.deepEqual(current.session, session)
      assert.equal(current.user.id, user.id)
      assert.equal(current.user.email, 'userowner@example.com')
      assert.equal(current.user.role, 'owner')
      assert.equal(current.account.id, user.accountId)
      assert.equal(current.account.name, 'Account owner')
      assert.equal(current.rotatedToken, null)
    })

    test('should return null, without throwing, for forged, truncated and tampered tokens', async () => {
      const { token } = await core.createSession(user)
      const other = await core.createSession(user)
      const { id, secret } = partsOf(token)
      const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1)
      const forged = [
        `${id}.${randomPart(32)}`, // wrong secret
        `${randomPart(16)}.${secret}`, // unknown id
        `${partsOf(other.token).id}.${secret}`, // another session's id
        `${id}.${flip(secret, 0)}`,
        `${id}.${flip(secret, 42)}`,
        `${flip(id, 5)}.${secret}`,
        `${id}.${secret.slice(0, 42)}`,
        token.slice(0, -1),
        token.slice(1),
        `${token}.`,
        `${token}.x`,
        `${id}..${secret.slice(1)}`,
        `${id}.${secret.slice(0, 20)}.${secret.slice(21)}`,
        token.replace('.', '_'),
        `${id}${secret}`,
        '',
        '.',
        'x'.repeat(10_000),
        `${id}.${'x'.repeat(10_000)}`,
        `${id}.${secret.slice(0, 42)}é`,
        `${id}.${secret.slice(0, 41)}😀`,
        `${id.slice(0, 21)}ä.${secret}`,
        ` ${token.slice(1)}`,
        `${token.slice(0, -1)}\u0000`,
        `${id}.${secret.slice(0, 42)}=`,
        `${id}.${secret.slice(0, 42)}+`,
        `${id}.${secret.toUpperCase()}`,
      ]
      for (const candidate of forged) {
        assert.equal(await core.validateSessionToken(candidate), null, JSON.stringify(candidate.slice(0, 80)))
      }
      // The attempts neither ended nor changed the real session.
      assert.ok(await core.validateSessionToken(token))
      assert.ok(await core.validateSessionToken(other.token))
    })

    test('should not write to the database when validating within the rotation interval', async () => {
      const { token, session } = await core.createSession(user)
      const rowBefore = await sessionRow(core, session.id)
      const markerBefore = await writeMarker(core, session.id)
      for (let i = 0; i < 20; i++) {
        clock.advance(40 * SECOND) // 20 × 40 s = 13 min 20 s, inside the 15-minute interval
        const current = await core.validateSessionToken(token)
        assert.ok(current)
        assert.equal(current.rotatedToken, null)
      }
      assert.equal(await writeMarker(core, session.id), markerBefore, 'validation wrote to the database')
      assert.deepEqual(await sessionRow(core, session.id), rowBefore)
      // The marker does see writes: the rotation at 15 minutes is one.
      clock.advance(15 * MINUTE)
      assert.ok((await core.validateSessionToken(token))?.rotatedToken)
      assert.notEqual(await writeMarker(core, session.id), markerBefore)
    })

    test('should end a session left idle for 30 minutes and delete its row', async () => {
      const { token, session } = await core.createSession(user)
      clock.advance(30 * MINUTE - 1)
      // Validating here would rotate; check the boundary on the stored row instead.
      assert.ok(await sessionRow(core, session.id))
      clock.advance(1)
      assert.equal(await core.validateSessionToken(token), null)
      assert.equal(await sessionRow(core, session.id), undefined)
    })

    test('should count idleness from the last rotation, not from the last use', async () => {
      const { token, session } = await core.createSession(user)
      clock.advance(14 * MINUTE)
      assert.equal((await core.validateSessionToken(token))?.rotatedToken, null) // used, but no rotation
      clock.advance(16 * MINUTE) // 30 minutes after creation, 16 after the last use
      assert.equal(await core.validateSessionToken(token), null)
      assert.equal(await sessionRow(core, session.id), undefined)
    })

    test('should keep a session alive 30 minutes after its last rotation, and end it at 30', async () => {
      const { token } = await core.createSession(user)
      clock.advance(15 * MINUTE)
      const rotated = (await core.validateSessionToken(token))?.rotatedToken
      assert.ok(rotated)
      const second = await core.createSession(user) // to check the boundary without rotating `rotated`
      clock.advance(30 * MINUTE - 1)
      const alive = await core.validateSessionToken(rotated)
      assert.ok(alive, 'the session ended before 30 minutes since its rotation')
      assert.ok(alive.rotatedToken)
      // `second` was created at the rotation instant and never used: it ends at exactly 30 minutes.
      clock.advance(1)
      assert.equal(await core.validateSessionToken(second.token), null)
    })

    test('should rotate after 15 minutes: a new token that validates and an old one that keeps working for 60 s only', async () => {
      const { token, session } = await core.createSession(user)
      clock.advance(15 * MINUTE - 1)
      assert.equal((await core.validateSessionToken(token))?.rotatedToken, null)
      clock.advance(1)
      const rotation = await core.validateSessionToken(token)
      assert.ok(rotation?.rotatedToken)
      const rotatedAt = clock.now()
      assert.match(rotation.rotatedToken, TOKEN)
      assert.equal(partsOf(rotation.rotatedToken).id, session.id, 'rotation keeps the session id')
      assert.notEqual(partsOf(rotation.rotatedToken).secret, partsOf(token).secret)
      assert.equal(rotation.session.refreshedAt, rotatedAt)

      const row = await sessionRow(core, session.id)
      assert.equal(row?.secret_hash, sha256Hex(partsOf(rotation.rotatedToken).secret))
      assert.equal(row?.previous_secret_hash, sha256Hex(partsOf(token).secret))
      assert.equal(row?.previous_valid_until, rotatedAt + 60 * SECOND)
      assert.equal(row?.refreshed_at, rotatedAt)

      const fresh = await core.validateSessionToken(rotation.rotatedToken)
      assert.ok(fresh)
      assert.equal(fresh.rotatedToken, null)

      // A request already in flight with the old cookie is not signed out…
      const inFlight = await core.validateSessionToken(token)
      assert.ok(inFlight)
      assert.equal(inFlight.rotatedToken, null, 'the old token must not rotate the session again')
      clock.advance(60 * SECOND - 1)
      assert.ok(await core.validateSessionToken(token))
      // …but once the grace window is over the old token is worthless, and the session lives on.
      clock.advance(1)
      assert.equal(await core.validateSessionToken(token), null)
      assert.ok(await core.validateSessionToken(rotation.rotatedToken))
    })

    test('should give exactly one rotated token to two concurrent validations at the rotation point', async () => {
      const { token, session } = await core.createSession(user)
      clock.advance(15 * MINUTE)
      const results = await Promise.all([core.validateSessionToken(token), core.validateSessionToken(token)])
      assert.ok(results[0] && results[1], 'both concurrent requests stay signed in')
      const rotated = results.map((r) => r?.rotatedToken).filter((t) => t !== null && t !== undefined)
      assert.equal(rotated.length, 1)
      const [winner] = rotated
      assert.ok(winner)
      assert.equal((await sessionRow(core, session.id))?.secret_hash, sha256Hex(partsOf(winner).secret))
      assert.ok(await core.validateSessionToken(winner))
      assert.ok(await core.validateSessionToken(token)) // the loser's token, within the grace window
    })

    test('should end even an active session after its 24-hour absolute lifetime', async () => {
      let { token } = await core.createSession(user)
      const { id } = partsOf(token)
      for (let elapsed = 15 * MINUTE; elapsed < 24 * HOUR; elapsed += 15 * MINUTE) {
        clock.advance(15 * MINUTE)
        const current = await core.validateSessionToken(token)
        assert.ok(current, `signed out after ${elapsed / MINUTE} minutes of activity`)
        assert.ok(current.rotatedToken)
        token = current.rotatedToken
      }
      clock.advance(15 * MINUTE) // exactly 24 hours after sign-in
      assert.equal(await core.validateSessionToken(token), null)
      assert.equal(await sessionRow(core, id), undefined)
    })

    test('should make the token fail after invalidateSession', async () => {
      const { token, session } = await core.createSession(user)
      const other = await core.createSession(user)
      await core.invalidateSession(session.id)
      assert.equal(await core.validateSessionToken(token), null)
      assert.equal(await sessionRow(core, session.id), undefined)
      assert.ok(await core.validateSessionToken(other.token), 'only the one session ends')
    })

    test('should end all of a user\'s sessions but the excepted one, and no one else\'s', async () => {
      const colleague = await addUser(core, user.accountId, `colleague${clock.now()}@example.com`, 'member')
      const [a, b, c] = [await core.createSession(user), await core.createSession(user), await core.createSession(user)]
      const theirs = await core.createSession(colleague)
      await core.invalidateUserSessions(user.id, { except: b.session.id })
      assert.equal(await core.validateSessionToken(a.token), null)
      assert.ok(await core.validateSessionToken(b.token))
      assert.equal(await core.validateSessionToken(c.token), null)
      assert.ok(await core.validateSessionToken(theirs.token))

      await core.invalidateUserSessions(user.id)
      assert.equal(await core.validateSessionToken(b.token), null)
      assert.ok(await core.validateSessionToken(theirs.token))
    })

    test('should give a new token on rotateSession and make the old one fail at once (no grace)', async () => {
      const { token, session } = await core.createSession(user)
      clock.advance(5 * MINUTE)
      const rotated = await core.rotateSession(session.id)
      assert.ok(rotated)
      assert.match(rotated, TOKEN)
      assert.equal(partsOf(rotated).id, session.id)
      assert.equal(await core.validateSessionToken(token), null)
      const current = await core.validateSessionToken(rotated)
      assert.ok(current)
      assert.equal(current.session.refreshedAt, clock.now())
      const row = await sessionRow(core, session.id)
      assert.equal(row?.previous_secret_hash, null)
      assert.equal(row?.previous_valid_until, null)
    })

    test('should make a token still in its rotation grace fail after rotateSession', async () => {
      const { token } = await core.createSession(user)
      clock.advance(15 * MINUTE)
      const rotated = (await core.validateSessionToken(token))?.rotatedToken
      assert.ok(rotated)
      const explicit = await core.rotateSession(partsOf(token).id)
      assert.ok(explicit)
      assert.equal(await core.validateSessionToken(token), null)
      assert.equal(await core.validateSessionToken(rotated), null)
      assert.ok(await core.validateSessionToken(explicit))
    })

    test('should return null from rotateSession for an unknown session', async () => {
      assert.equal(await core.rotateSession(randomPart(16)), null)
    })

    test('should delete only expired sessions on pruneExpiredSessions and return how many', async () => {
      const idle = await core.createSession(user) // will be 30 minutes idle
      clock.advance(20 * MINUTE)
      const recent = await core.createSession(user) // 10 minutes old at prune time
      const pastLifetime = await core.createSession(user)
      await core.database.db.updateTable('sessions').set({ expires_at: clock.now() + 10 * MINUTE }).where('id', '=', pastLifetime.session.id).execute()
      clock.advance(10 * MINUTE)
      assert.equal(await countRows(core, 'sessions'), 3)
      assert.equal(await core.pruneExpiredSessions(), 2)
      assert.equal(await sessionRow(core, idle.session.id), undefined)
      assert.equal(await sessionRow(core, pastLifetime.session.id), undefined)
      assert.ok(await sessionRow(core, recent.session.id))
      assert.ok(await core.validateSessionToken(recent.token))
      assert.equal(await core.pruneExpiredSessions(), 0)
    })

    test('should end sessions when their user is deleted (cascade)', async () => {
      const leaver = await addUser(core, user.accountId, `leaver${clock.now()}@example.com`, 'member')
      const { token, session } = await core.createSession(leaver)
      await core.database.db.deleteFrom('users').where('id', '=', leaver.id).execute()
      assert.equal(await sessionRow(core, session.id), undefined)
      assert.equal(await core.validateSessionToken(token), null)
    })
  })

  describe('sessions with a custom policy', () => {
    test('should rotate and expire on the configured intervals', async () => {
      const { core, clock, user } = await setUp(dialect, { idleTimeoutMs: 10 * MINUTE, rotationIntervalMs: 2 * MINUTE, rotationGraceMs: 5 * SECOND })
      assert.deepEqual({ ...core.config.sessionPolicy }, { idleTimeoutMs: 10 * MINUTE, rotationIntervalMs: 2 * MINUTE, absoluteLifetimeMs: 24 * HOUR, rotationGraceMs: 5 * SECOND })
      const { token } = await core.createSession(user)
      clock.advance(2 * MINUTE - 1)
      assert.equal((await core.validateSessionToken(token))?.rotatedToken, null)
      clock.advance(1)
      const rotated = (await core.validateSessionToken(token))?.rotatedToken
      assert.ok(rotated)
      clock.advance(5 * SECOND - 1)
      assert.ok(await core.validateSessionToken(token))
      clock.advance(1)
      assert.equal(await core.validateSessionToken(token), null)

      const idle = await core.createSession(user)
      clock.advance(10 * MINUTE)
      assert.equal(await core.validateSessionToken(idle.token), null)
      assert.equal(await core.validateSessionToken(rotated), null, '10 minutes since the rotation')
    })

    test('should stop a session at a custom absolute lifetime', async () => {
      const { core, clock, user } = await setUp(dialect, { idleTimeoutMs: 10 * MINUTE, rotationIntervalMs: 2 * MINUTE, absoluteLifetimeMs: 12 * MINUTE })
      let { token } = await core.createSession(user)
      for (let i = 0; i < 5; i++) {
        clock.advance(2 * MINUTE)
        const current = await core.validateSessionToken(token)
        assert.ok(current?.rotatedToken)
        token = current.rotatedToken
      }
      clock.advance(2 * MINUTE)
      assert.equal(await core.validateSessionToken(token), null)
    })
  })
})
