import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { sql } from 'kysely'
import { TENANT_TABLES, tutorialMigrations } from '../../../../examples/tutorial/src/migrations.ts'
import { createTutorialApp } from '../../../../examples/tutorial/src/app.tsx'
import { createTutorialGatehouse } from '../../../../examples/tutorial/src/tutorial-gatehouse.ts'
import type { TutorialGatehouse } from '../../../../examples/tutorial/src/tutorial-gatehouse.ts'
import { TenantScopeError } from '../../src/tenancy/tenant-scope-error.ts'
import { checkTenantIsolation, formatIsolationReport } from '../../src/testing/index.ts'
import type { IsolationClient } from '../../src/testing/index.ts'
import { TestBrowser } from '../support/browser.ts'
import type { FetchHandler } from '../support/browser.ts'
import { PASSWORD, TEST_SECRET } from '../support/core.ts'
import { checked, newRegistrant, unique, withoutCsrfTokens } from '../support/http.ts'
import { onCleanup } from '../support/services.ts'
import { createRlsDeployment, rlsSkip, sqlState } from './deployment.ts'
import type { RlsDeployment } from './deployment.ts'

/**
 * The tutorial's /secrets resource on the three-role PostgreSQL deployment, twice: with the
 * library's scope and row-level security, then with the library's rewriting switched off, which
 * proves row-level security alone keeps accounts apart.
 */

const ORIGIN = 'http://localhost:4000'

const MODES = [
  { name: 'library scope and row-level security', enforceInLibrary: true },
  { name: 'row-level security alone (library scope switched off)', enforceInLibrary: false },
] as const

interface Tenant {
  readonly browser: TestBrowser
  readonly accountId: number
  readonly keys: string[]
  readonly secretIds: number[]
}

const isRowSecurityRefusal = (error: unknown) => sqlState(error) === '42501' && /violates row-level security policy for table "secrets"/.test(String(error))

describe('tenant isolation over HTTP on the three-role PostgreSQL deployment', { skip: rlsSkip ?? false }, () => {
  let d: RlsDeployment

  before(async () => {
    d = await createRlsDeployment(tutorialMigrations, TENANT_TABLES)
  })

  const secretRow = async (id: number) => (await d.admin<{ account_id: string; key: string; value: string }>('select account_id, key, value from secrets where id = $1', [id]))[0]

  for (const mode of MODES) {
    describe(mode.name, () => {
      let gatehouse: TutorialGatehouse
      let app: ReturnType<typeof createTutorialApp>
      let fetch: FetchHandler
      let a: Tenant
      let b: Tenant

      async function createSecret(browser: TestBrowser, key: string, extra: Record<string, string> = {}): Promise<number> {
        await browser.get('/secrets/new')
        const response = await browser.submit('/secrets', { 'secret[key]': key, 'secret[value]': `${key} value`, ...extra })
        assert.equal(response.status, 302)
        const id = /^\/secrets\/(\d+)$/.exec(response.headers.get('location') ?? '')?.[1]
        assert.ok(id, `unexpected Location ${response.headers.get('location')}`)
        return Number(id)
      }

      async function registerTenant(label: string, secrets: number): Promise<Tenant> {
        const browser = new TestBrowser(fetch, ORIGIN)
        const user = newRegistrant()
        assert.equal((await browser.register(user)).status, 302)
        const [row] = await d.admin<{ account_id: string }>('select account_id from users where email = $1', [user.email])
        assert.ok(row, `no user ${user.email}`)
        const keys = Array.from({ length: secrets }, () => `${label}-${unique('key')}`)
        const secretIds: number[] = []
        for (const key of keys) secretIds.push(await createSecret(browser, key))
        return { browser, accountId: Number(row.account_id), keys, secretIds }
      }

      before(async () => {
        gatehouse = await createTutorialGatehouse({
          database: d.urls.auth,
          secret: TEST_SECRET,
          publicUrl: ORIGIN,
          migrate: false,
          tenancy: { database: d.urls.app, enforceInLibrary: mode.enforceInLibrary },
        })
        onCleanup(() => gatehouse.close())
        app = createTutorialApp(gatehouse)
        // Any 5xx or stack trace fails the test.
        fetch = checked((request) => app.request(request))
        a = await registerTenant('a', 2)
        b = await registerTenant('b', 1)
      })

      test("the list should show only the own account's secrets", async () => {
        assert.equal((await a.browser.get('/secrets')).status, 200)
        for (const key of a.keys) assert.ok(a.browser.lastHtml.includes(key), `A does not see ${key}`)
        for (const key of b.keys) assert.ok(!a.browser.lastHtml.includes(key), `A sees B's ${key}`)
        assert.equal((await b.browser.get('/secrets')).status, 200)
        for (const key of a.keys) assert.ok(!b.browser.lastHtml.includes(key), `B sees A's ${key}`)
      })

      test("B's ids should answer A exactly like a missing id (404) for read, edit, update and delete", async () => {
        const [{ max }] = (await d.admin<{ max: string }>('select max(id) as max from secrets')) as [{ max: string }]
        const missing = Number(max) + 1000
        const [bId] = b.secretIds as [number]
        const before = await secretRow(bId)
        const attempts: Array<[string, (id: number) => Promise<Response>]> = [
          ['show', (id) => a.browser.get(`/secrets/${id}`)],
          ['edit', (id) => a.browser.get(`/secrets/${id}/edit`)],
          [
            'update',
            async (id) => {
              await a.browser.get('/secrets')
              return a.browser.submit(`/secrets/${id}`, { 'secret[key]': 'taken over', 'secret[value]': 'taken over' }, { method: 'patch' })
            },
          ],
          [
            'delete',
            async (id) => {
              await a.browser.get('/secrets')
              return a.browser.submit(`/secrets/${id}`, {}, { method: 'delete' })
            },
          ],
        ]
        for (const [what, attempt] of attempts) {
          const other = await attempt(bId)
          const otherBody = withoutCsrfTokens(await other.text())
          const absent = await attempt(missing)
          const absentBody = withoutCsrfTokens(await absent.text())
          assert.equal(other.status, 404, `${what} of B's secret answered ${other.status}`)
          assert.equal(absent.status, 404)
          assert.equal(otherBody, absentBody, `${what}: B's id must be indistinguishable from a missing one`)
        }
        assert.deepEqual(await secretRow(bId), before, "B's secret is untouched")
      })

      test('a smuggled secret[account_id] should land in the own account', async () => {
        const key = `smuggled-${unique()}`
        const id = await createSecret(a.browser, key, { 'secret[account_id]': String(b.accountId) })
        assert.equal(Number((await secretRow(id))?.account_id), a.accountId)
        await b.browser.get('/secrets')
        assert.ok(!b.browser.lastHtml.includes(key), "B sees A's smuggled secret")
      })

      test("a scoped handle should never read or write another account's row, and the database refuses moving one", async () => {
        const [bId] = b.secretIds as [number]
        const now = Date.now()
        const results = await gatehouse.withTenant(a.accountId, async (db) => ({
          read: await db.selectFrom('secrets').selectAll().where('id', '=', bId).executeTakeFirst(),
          updated: Number((await db.updateTable('secrets').set({ value: 'x' }).where('id', '=', bId).executeTakeFirst()).numUpdatedRows),
          deleted: Number((await db.deleteFrom('secrets').where('id', '=', bId).executeTakeFirst()).numDeletedRows),
          // Raw SQL is never rewritten by the library: row-level security filters it in both modes.
          raw: (await sql<{ account_id: string }>`select account_id from secrets`.execute(db)).rows.map((r) => Number(r.account_id)),
        }))
        assert.deepEqual({ ...results, raw: [...new Set(results.raw)] }, { read: undefined, updated: 0, deleted: 0, raw: [a.accountId] })

        const smuggle = () =>
          gatehouse.withTenant(a.accountId, (db) =>
            db.insertInto('secrets').values({ account_id: b.accountId, key: 'k', value: 'v', inserted_at: now, updated_at: now }).returning('account_id').executeTakeFirstOrThrow(),
          )
        const move = () => gatehouse.withTenant(a.accountId, (db) => db.updateTable('secrets').set({ account_id: b.accountId }).where('id', '=', a.secretIds[0] as number).execute())
        if (mode.enforceInLibrary) {
          assert.equal((await smuggle()).account_id, a.accountId, 'the library replaces the account')
          await assert.rejects(move, TenantScopeError)
        } else {
          // Nothing rewrites the query: the policy's WITH CHECK refuses the row.
          await assert.rejects(smuggle, isRowSecurityRefusal)
          await assert.rejects(move, isRowSecurityRefusal)
        }
        assert.equal(Number((await secretRow(a.secretIds[0] as number))?.account_id), a.accountId)
      })

      test('checkTenantIsolation (gatehouse/testing) should find no leak on any /secrets route', async () => {
        const seed = async (client: IsolationClient, marker: string) => {
          const ids: string[] = []
          for (const n of [1, 2]) {
            await client.get('/secrets/new')
            const created = await client.submit('/secrets', { 'secret[key]': `${marker}-key-${n}`, 'secret[value]': `${marker} value ${n}` })
            const id = /^\/secrets\/(\d+)$/.exec(created.headers.get('location') ?? '')?.[1]
            assert.ok(id, `no id in ${created.headers.get('location')}`)
            ids.push(id)
          }
          return { id: ids }
        }
        const report = await checkTenantIsolation({
          fetch,
          origin: ORIGIN,
          routes: app.routes.filter((route) => route.path === '/secrets' || route.path.startsWith('/secrets/')),
          seed,
          accountFields: ['secret[account_id]', 'account_id'],
          accountIdOf: async (account) => Number((await d.admin<{ id: string }>('select id from accounts where name = $1', [account.accountName]))[0]?.id),
        })
        assert.deepEqual(report.leaks, [], formatIsolationReport(report))
        assert.ok(report.requests > 0, 'the check sent cross-account requests')
        console.log(`# isolation postgres (${mode.name}): ${report.requests} cross-account requests, ${report.leaks.length} leaks`)
        for (const route of report.routes) assert.equal(route.skipped, undefined, `${route.method} ${route.path} skipped`)
      })

      test("deleting the registration should take the account's secrets along (the cascade runs as the owner)", async () => {
        const c = await registerTenant('c', 2)
        await c.browser.get('/registration/edit')
        const response = await c.browser.submit('/registration', { 'user[current_password]': PASSWORD }, { method: 'delete' })
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/session/new')
        assert.deepEqual(await d.admin('select id from accounts where id = $1', [c.accountId]), [])
        assert.deepEqual(await d.admin('select id from secrets where account_id = $1', [c.accountId]), [])
        assert.equal(Number((await secretRow(a.secretIds[0] as number))?.account_id), a.accountId)
      })
    })
  }
})
