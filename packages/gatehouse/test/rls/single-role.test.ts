import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { TENANT_TABLES, tutorialMigrations } from '../../../../examples/tutorial/src/migrations.ts'
import { createTutorialApp } from '../../../../examples/tutorial/src/app.tsx'
import { createTutorialGatehouse } from '../../../../examples/tutorial/src/tutorial-gatehouse.ts'
import type { TutorialGatehouse } from '../../../../examples/tutorial/src/tutorial-gatehouse.ts'
import { TestBrowser } from '../support/browser.ts'
import { PASSWORD, TEST_SECRET } from '../support/core.ts'
import { checked, newRegistrant, unique } from '../support/http.ts'
import { onCleanup } from '../support/services.ts'
import { createRlsDeployment, rlsSkip } from './deployment.ts'
import type { RlsDeployment } from './deployment.ts'

/**
 * The single-role deployment of docs/multi-tenancy.md: migrations as the owner, then one
 * non-owner role for everything (`database` only, no `tenancy.database`). Row-level security
 * still holds on the tenant tables, with the library's scope switched off.
 */

const ORIGIN = 'http://localhost:4000'

describe('single-role PostgreSQL deployment (one non-owner role for everything)', { skip: rlsSkip ?? false }, () => {
  let d: RlsDeployment
  let gatehouse: TutorialGatehouse
  let browser: () => TestBrowser

  before(async () => {
    d = await createRlsDeployment(tutorialMigrations, TENANT_TABLES, { singleRole: true })
    gatehouse = await createTutorialGatehouse({ database: d.urls.auth, secret: TEST_SECRET, publicUrl: ORIGIN, migrate: false, tenancy: { enforceInLibrary: false } })
    onCleanup(() => gatehouse.close())
    const app = createTutorialApp(gatehouse)
    const fetch = checked((request) => app.request(request))
    browser = () => new TestBrowser(fetch, ORIGIN)
  })

  async function tenantWithSecret(): Promise<{ browser: TestBrowser; key: string; id: number; accountId: number; email: string }> {
    const client = browser()
    const user = newRegistrant()
    assert.equal((await client.register(user)).status, 302)
    const key = `single-${unique()}`
    await client.get('/secrets/new')
    const created = await client.submit('/secrets', { 'secret[key]': key, 'secret[value]': 'v' })
    assert.equal(created.status, 302)
    const id = Number(/(\d+)$/.exec(created.headers.get('location') ?? '')?.[1])
    const accountId = Number((await d.admin<{ account_id: string }>('select account_id from users where email = $1', [user.email]))[0]?.account_id)
    return { browser: client, key, id, accountId, email: user.email }
  }

  test('row-level security alone should keep two accounts apart', async () => {
    const a = await tenantWithSecret()
    const b = await tenantWithSecret()
    await a.browser.get('/secrets')
    assert.ok(a.browser.lastHtml.includes(a.key), 'A sees its secret')
    assert.ok(!a.browser.lastHtml.includes(b.key), "A sees B's secret")
    assert.equal((await a.browser.get(`/secrets/${b.id}`)).status, 404)
    assert.equal(Number((await d.admin<{ account_id: string }>('select account_id from secrets where id = $1', [a.id]))[0]?.account_id), a.accountId)
    assert.deepEqual(await gatehouse.unscopedDb('admin report').selectFrom('secrets').selectAll().execute(), [], 'no tenant, no rows')
  })

  test("the one role reads Gatehouse's tables too: only the application code keeps them to the auth module", async () => {
    const a = await tenantWithSecret()
    const row = await gatehouse.db.selectFrom('users').select('account_id').where('email', '=', a.email).executeTakeFirst()
    assert.equal(row?.account_id, a.accountId)
  })

  test("deleting the registration should take the account's secrets along", async () => {
    const c = await tenantWithSecret()
    await c.browser.get('/registration/edit')
    assert.equal((await c.browser.submit('/registration', { 'user[current_password]': PASSWORD }, { method: 'delete' })).status, 302)
    assert.deepEqual(await d.admin('select id from secrets where account_id = $1', [c.accountId]), [])
  })
})
