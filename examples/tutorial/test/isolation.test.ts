import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import type { Hono } from 'hono'
import { checkTenantIsolation, formatIsolationReport } from '@gatehouse-auth/gatehouse/testing'
import type { IsolationClient } from '@gatehouse-auth/gatehouse/testing'
import { TEST_SECRET } from '../../../packages/gatehouse/test/support/core.ts'
import { forEachDialect } from '../../../packages/gatehouse/test/support/dialects.ts'
import { checked } from '../../../packages/gatehouse/test/support/http.ts'
import { onCleanup } from '../../../packages/gatehouse/test/support/services.ts'
import { createTutorialApp } from '../src/app.tsx'
import { createTutorialGatehouse } from '../src/tutorial-gatehouse.ts'
import type { TutorialGatehouse } from '../src/tutorial-gatehouse.ts'

const ORIGIN = 'http://localhost:4000'

/** Two secrets per account, created through the app's own form; key and value carry the marker. */
async function seedSecrets(client: IsolationClient, marker: string) {
  const ids: string[] = []
  for (const n of [1, 2]) {
    await client.get('/secrets/new')
    const created = await client.submit('/secrets', { 'secret[key]': `${marker}-key-${n}`, 'secret[value]': `${marker} value ${n}` })
    assert.equal(created.status, 302)
    const id = /^\/secrets\/(\d+)$/.exec(created.headers.get('location') ?? '')?.[1]
    assert.ok(id, `no id in ${created.headers.get('location')}`)
    ids.push(id)
  }
  return { id: ids }
}

forEachDialect((dialect) => {
  describe('tenant isolation of the tutorial /secrets resource (gatehouse/testing)', () => {
    let gatehouse: TutorialGatehouse
    let app: Hono

    before(async () => {
      gatehouse = await createTutorialGatehouse({ database: await dialect.databaseUrl(), secret: TEST_SECRET, publicUrl: ORIGIN })
      onCleanup(() => gatehouse.close())
      app = createTutorialApp(gatehouse)
    })

    test("should not let one account see, change or detect another account's secrets on any /secrets route", async () => {
      // A 5xx is reported by the helper itself; `checked` also fails on a stack trace in a body.
      const fetch = checked((request) => app.request(request)) as (request: Request) => Promise<Response>
      const routes = app.routes.filter((route) => route.path === '/secrets' || route.path.startsWith('/secrets/'))
      const report = await checkTenantIsolation({
        fetch,
        origin: ORIGIN,
        routes,
        seed: seedSecrets,
        // Fields that try to name B's account on every state-changing request.
        accountFields: ['secret[account_id]', 'account_id', 'user[account_id]'],
        accountIdOf: async (account) => {
          const row = await gatehouse.database.db.selectFrom('accounts').select('id').where('name', '=', account.accountName).executeTakeFirstOrThrow()
          return row.id
        },
      })
      console.log(`# isolation ${dialect.name}: ${report.requests} cross-account requests, ${report.leaks.length} leaks`)
      console.log(formatIsolationReport(report).replace(/^/gm, '# '))
      assert.deepEqual(report.leaks, [], formatIsolationReport(report))

      // Every /secrets route and verb was replayed: none skipped, none without requests.
      const covered = report.routes.map((r) => `${r.method} ${r.path}`).sort()
      assert.deepEqual(covered, [
        'DELETE /secrets/:id',
        'GET /secrets',
        'GET /secrets/:id',
        'GET /secrets/:id/delete',
        'GET /secrets/:id/edit',
        'GET /secrets/new',
        'PATCH /secrets/:id',
        'POST /secrets',
        'POST /secrets/:id',
        'PUT /secrets/:id',
      ])
      for (const route of report.routes) {
        assert.equal(route.skipped, undefined, `${route.method} ${route.path} skipped`)
        assert.ok(route.requests > 0, `${route.method} ${route.path} got no request`)
      }
      assert.equal(report.requests, 104)

      // B's secrets are where B left them, untouched; nothing of A's moved into B's account.
      const accountB = await gatehouse.database.db.selectFrom('accounts').select('id').where('name', '=', report.accounts.B.accountName).executeTakeFirstOrThrow()
      const secretsOfB = await gatehouse
        .unscopedDb('test: B after the isolation check')
        .selectFrom('secrets')
        .select(['key', 'value'])
        .where('account_id', '=', accountB.id)
        .orderBy('id')
        .execute()
      const marker = report.accounts.B.marker
      assert.deepEqual(secretsOfB, [
        { key: `${marker}-key-1`, value: `${marker} value 1` },
        { key: `${marker}-key-2`, value: `${marker} value 2` },
      ])
    })
  })
})
