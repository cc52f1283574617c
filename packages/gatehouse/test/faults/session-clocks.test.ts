import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { before, describe, test } from 'node:test'
import { createGatehouseCore } from '../../src/core.ts'
import type { GatehouseCore } from '../../src/core.ts'
import type { SessionStore } from '../../src/sessions/session-store.ts'
import { SessionStoreUnavailableError } from '../../src/sessions/session-store-unavailable-error.ts'
import { validateSessionToken } from '../../src/sessions/sessions.ts'
import { contextWith, sessionRow } from '../support/db.ts'
import { manualClock, registration, TEST_SECRET } from '../support/core.ts'
import { forEachDialect } from '../support/dialects.ts'
import { onCleanup } from '../support/services.ts'

const MINUTE = 60_000
const SKEW = 10 * MINUTE
const START = Date.UTC(2026, 0, 1)

/**
 * Two nodes whose clocks are ten minutes apart share one session store (the database), and a
 * store that stops answering: neither stretches a session past what the nodes' clocks allow.
 * Default policy: 30 minutes idle, a new secret every 15 minutes of use.
 */
forEachDialect((dialect) => {
  describe('sessions across clock differences and store outages', () => {
    let url: string
    let right: ReturnType<typeof manualClock>
    let behind: ReturnType<typeof manualClock>
    let nodeRight: GatehouseCore
    let nodeBehind: GatehouseCore

    /** Moves real time: both clocks advance together, ten minutes apart. */
    const elapse = (ms: number) => {
      right.advance(ms)
      behind.advance(ms)
    }

    before(async () => {
      // Two cores need one database: a file for SQLite (":memory:" is private to a connection).
      url = dialect.name === 'sqlite' ? `sqlite:${join(mkdtempSync(join(tmpdir(), 'gatehouse-clocks-')), 'clocks.sqlite')}` : await dialect.databaseUrl()
    })

    async function twoNodes() {
      right = manualClock(START)
      behind = manualClock(START - SKEW)
      nodeRight = await createGatehouseCore({ database: url, secret: TEST_SECRET, publicUrl: 'http://localhost:4000', clock: right })
      nodeBehind = await createGatehouseCore({ database: url, secret: TEST_SECRET, publicUrl: 'http://localhost:4000', clock: behind, migrate: false })
      onCleanup(() => nodeRight.close())
      onCleanup(() => nodeBehind.close())
    }

    async function signedInOn(node: GatehouseCore) {
      const registered = await node.registerAccount(registration(`clock${Math.random().toString(36).slice(2, 8)}`))
      assert.ok(registered.ok)
      return node.createSession(registered.user)
    }

    test('should end the session on every node as soon as one node judges it expired', async () => {
      await twoNodes()
      const { token, session } = await signedInOn(nodeRight)
      elapse(31 * MINUTE)
      // The node that is behind still sees 21 idle minutes; the right one sees 31 and ends it.
      assert.equal(await nodeRight.validateSessionToken(token), null)
      assert.equal(await sessionRow(nodeRight, session.id), undefined, 'the expired row is deleted')
      assert.equal(await nodeBehind.validateSessionToken(token), null, 'the slower clock cannot revive it')
    })

    test('should not let a node whose clock is behind push the idle end past real activity + 30 minutes', async () => {
      await twoNodes()
      const { token, session } = await signedInOn(nodeRight)
      // Real minute 26: a request reaches the node that is behind (it sees minute 16 and rotates).
      elapse(26 * MINUTE)
      const rotated = await nodeBehind.validateSessionToken(token)
      assert.ok(rotated?.rotatedToken, 'the node behind rotated the secret')
      const row = await sessionRow(nodeRight, session.id)
      assert.ok(row && row.refreshed_at <= START + 26 * MINUTE, 'the refresh is stamped no later than the real time of the activity')
      // Real last activity at 26 ⇒ the session may live until 56 at the latest; the correct node ends it by then.
      elapse(30 * MINUTE)
      assert.equal(await nodeRight.validateSessionToken(rotated.rotatedToken), null)
      assert.equal(await nodeBehind.validateSessionToken(rotated.rotatedToken), null)
    })

    test('should never extend the absolute lifetime, whichever node keeps the session in use', async () => {
      await twoNodes()
      let { token } = await signedInOn(nodeRight)
      const lifetime = nodeRight.config.sessionPolicy.absoluteLifetimeMs
      // Used every 10 minutes, alternating nodes, until the lifetime set at sign-in is over.
      let used = 0
      for (let at = 10 * MINUTE; at < lifetime; at += 10 * MINUTE) {
        elapse(10 * MINUTE)
        const current = await (used++ % 2 === 0 ? nodeBehind : nodeRight).validateSessionToken(token)
        assert.ok(current, `the session ended early at minute ${at / MINUTE}`)
        token = current.rotatedToken ?? token
      }
      elapse(10 * MINUTE)
      assert.equal(await nodeRight.validateSessionToken(token), null, 'the correct node ends it at the absolute lifetime')
      assert.equal(await nodeBehind.validateSessionToken(token), null)
    })

    test('should not count a store outage as activity: a session idle through it is over when the store returns', async () => {
      await twoNodes()
      const { token } = await signedInOn(nodeRight)
      let down = false
      const store = nodeRight.context.sessions
      const flaky: SessionStore = {
        ...store,
        findWithPrincipal: (id) => (down ? Promise.reject(new SessionStoreUnavailableError('store down')) : store.findWithPrincipal(id)),
        rotateSecret: (...args) => (down ? Promise.reject(new SessionStoreUnavailableError('store down')) : store.rotateSecret(...args)),
      }
      const ctx = contextWith(nodeRight, { sessions: flaky })
      elapse(20 * MINUTE)
      down = true
      // During the outage nobody is judged signed in, and nothing is written.
      await assert.rejects(validateSessionToken(ctx, token), SessionStoreUnavailableError)
      elapse(11 * MINUTE)
      await assert.rejects(validateSessionToken(ctx, token), SessionStoreUnavailableError)
      down = false
      assert.equal(await validateSessionToken(ctx, token), null, '31 idle minutes, 11 of them during the outage: over')
    })
  })
})
