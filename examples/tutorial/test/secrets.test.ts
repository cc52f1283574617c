import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { TEST_RATE_LIMITS } from '../../../packages/gatehouse/test/support/app.ts'
import { TestBrowser } from '../../../packages/gatehouse/test/support/browser.ts'
import { TEST_SECRET } from '../../../packages/gatehouse/test/support/core.ts'
import { forEachDialect } from '../../../packages/gatehouse/test/support/dialects.ts'
import { alerts, checked, FORM, fieldError, formActions, inputNamed, linkHrefs, newRegistrant, unescapeHtml, withoutCsrfTokens } from '../../../packages/gatehouse/test/support/http.ts'
import type { Registrant } from '../../../packages/gatehouse/test/support/http.ts'
import { onCleanup } from '../../../packages/gatehouse/test/support/services.ts'
import { createTutorialApp } from '../src/app.tsx'
import { KEY_MAX_LENGTH, VALUE_MAX_LENGTH } from '../src/secrets/secret-input.ts'
import { createTutorialGatehouse } from '../src/tutorial-gatehouse.ts'
import type { TutorialGatehouse } from '../src/tutorial-gatehouse.ts'

const ORIGIN = 'http://localhost:4000'
const FORM_ALERT = 'Oops, something went wrong! Please check the errors below.'
const MALFORMED_IDS = ['abc', '0', '-1', '1.5', '99999999999999999999', '%00']

/** The HTML of the first form posting to `action` ('' when there is none): the layout has forms too. */
function formWithAction(html: string, action: string): string {
  return [...html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)].map((m) => m[0]).find((form) => form.includes(`action="${action}"`)) ?? ''
}

interface SignedIn {
  readonly browser: TestBrowser
  readonly user: Registrant
  readonly accountId: number
}

forEachDialect((dialect) => {
  describe('the tutorial /secrets resource', () => {
    let gatehouse: TutorialGatehouse
    let fetch: (request: Request) => Promise<Response>
    const browser = () => new TestBrowser(fetch, ORIGIN)

    before(async () => {
      // Many accounts register from one client here: the test helpers' raised limits.
      gatehouse = await createTutorialGatehouse({ database: await dialect.databaseUrl(), secret: TEST_SECRET, publicUrl: ORIGIN, rateLimits: TEST_RATE_LIMITS })
      onCleanup(() => gatehouse.close())
      const app = createTutorialApp(gatehouse)
      fetch = checked((request) => app.request(request)) as (request: Request) => Promise<Response>
    })

    /** A new account with its owner, registered and signed in through the real form. */
    async function signedIn(): Promise<SignedIn> {
      const visitor = browser()
      const user = newRegistrant()
      assert.equal((await visitor.register(user)).status, 302)
      const account = await gatehouse.database.db.selectFrom('accounts').select('id').where('name', '=', user.account_name).executeTakeFirstOrThrow()
      return { browser: visitor, user, accountId: account.id }
    }

    async function create(as: SignedIn, fields: Record<string, string>): Promise<Response> {
      await as.browser.get('/secrets/new')
      return as.browser.submit('/secrets', fields)
    }

    /** Creates a secret through the form and returns its id. */
    async function createSecret(as: SignedIn, key: string, value = `value of ${key}`): Promise<number> {
      const response = await create(as, { 'secret[key]': key, 'secret[value]': value })
      assert.equal(response.status, 302)
      const id = /^\/secrets\/(\d+)$/.exec(response.headers.get('location') ?? '')?.[1]
      assert.ok(id, `unexpected Location ${response.headers.get('location')}`)
      return Number(id)
    }

    /** Every secret row, straight from the database (the test's own escape hatch). */
    function allSecrets() {
      return gatehouse.unscopedDb('test: read every secret').selectFrom('secrets').select(['id', 'account_id', 'key', 'value']).orderBy('id').execute()
    }

    async function secretRow(id: number) {
      return gatehouse.unscopedDb('test: read one secret').selectFrom('secrets').select(['id', 'account_id', 'key', 'value']).where('id', '=', id).executeTakeFirst()
    }

    async function countSecretsOf(accountId: number): Promise<number> {
      const row = await gatehouse
        .unscopedDb('test: count an account’s secrets')
        .selectFrom('secrets')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    }

    /** A state-changing request sent the way the browser's form would, or with the real method. */
    async function send(as: SignedIn, path: string, method: 'patch' | 'put' | 'delete' | 'POST', fields: Record<string, string>, style: 'form' | 'native' = 'form'): Promise<Response> {
      await as.browser.get('/secrets')
      if (method === 'POST' || style === 'form') return as.browser.submit(path, fields, method === 'POST' ? {} : { method })
      const body = new URLSearchParams({ ...fields, _csrf_token: as.browser.csrfToken() })
      return as.browser.request(path, { method: method.toUpperCase(), headers: FORM, body: body.toString() })
    }

    test('should list, create, show, edit, update and delete a secret with the resource routes and flash texts', async () => {
      const owner = await signedIn()
      const index = await owner.browser.get('/secrets')
      assert.equal(index.status, 200)
      assert.match(index.headers.get('cache-control') ?? '', /no-store/)
      assert.ok(unescapeHtml(owner.browser.lastHtml).includes('No secrets yet.'))
      assert.ok(linkHrefs(owner.browser.lastHtml).includes('/secrets/new'))

      const form = await owner.browser.get('/secrets/new')
      assert.equal(form.status, 200)
      assert.ok(formActions(owner.browser.lastHtml).includes('/secrets'))
      for (const name of ['secret[key]', 'secret[value]', '_csrf_token']) assert.ok(inputNamed(owner.browser.lastHtml, name), `no ${name} field`)

      const created = await owner.browser.submit('/secrets', { 'secret[key]': 'api token', 'secret[value]': 's3cr3t <b>&</b>' })
      assert.equal(created.status, 302)
      const location = created.headers.get('location') ?? ''
      assert.match(location, /^\/secrets\/\d+$/)
      const id = Number(location.split('/').pop())

      const shown = await owner.browser.get(location)
      assert.equal(shown.status, 200)
      assert.deepEqual(alerts(owner.browser.lastHtml), ['Secret created successfully.'])
      assert.ok(owner.browser.lastHtml.includes('s3cr3t &lt;b&gt;&amp;&lt;/b&gt;'), 'the value is shown, escaped')
      assert.ok(linkHrefs(owner.browser.lastHtml).includes(`/secrets/${id}/edit`))
      await owner.browser.get(location)
      assert.deepEqual(alerts(owner.browser.lastHtml), [], 'the flash is shown once')

      await owner.browser.get('/secrets')
      assert.ok(linkHrefs(owner.browser.lastHtml).includes(`/secrets/${id}`))
      assert.ok(owner.browser.lastHtml.includes('api token'))

      const edit = await owner.browser.get(`/secrets/${id}/edit`)
      assert.equal(edit.status, 200)
      assert.ok(formActions(owner.browser.lastHtml).includes(`/secrets/${id}`))
      assert.equal(inputNamed(formWithAction(owner.browser.lastHtml, `/secrets/${id}`), '_method')?.value, 'patch')
      assert.equal(inputNamed(owner.browser.lastHtml, 'secret[key]')?.value, 'api token')
      assert.equal(inputNamed(owner.browser.lastHtml, 'secret[value]')?.value, 's3cr3t <b>&</b>')

      const updated = await owner.browser.submit(`/secrets/${id}`, { 'secret[key]': 'api token 2', 'secret[value]': 'rotated' }, { method: 'patch' })
      assert.equal(updated.status, 302)
      assert.equal(updated.headers.get('location'), `/secrets/${id}`)
      await owner.browser.get(`/secrets/${id}`)
      assert.deepEqual(alerts(owner.browser.lastHtml), ['Secret updated successfully.'])
      assert.deepEqual(await secretRow(id), { id, account_id: owner.accountId, key: 'api token 2', value: 'rotated' })

      const deleted = await owner.browser.submit(`/secrets/${id}`, {}, { method: 'delete' })
      assert.equal(deleted.status, 302)
      assert.equal(deleted.headers.get('location'), '/secrets')
      await owner.browser.get('/secrets')
      assert.deepEqual(alerts(owner.browser.lastHtml), ['Secret deleted successfully.'])
      assert.equal(await secretRow(id), undefined)
      assert.equal((await owner.browser.request(`/secrets/${id}`)).status, 404)
    })

    test('should accept real PATCH, PUT and DELETE requests as well as the _method forms', async () => {
      const owner = await signedIn()
      const id = await createSecret(owner, 'native')
      const patched = await send(owner, `/secrets/${id}`, 'patch', { 'secret[key]': 'patched', 'secret[value]': 'v1' }, 'native')
      assert.equal(patched.status, 302)
      assert.equal(patched.headers.get('location'), `/secrets/${id}`)
      const put = await send(owner, `/secrets/${id}`, 'put', { 'secret[key]': 'put', 'secret[value]': 'v2' }, 'native')
      assert.equal(put.status, 302)
      const viaForm = await send(owner, `/secrets/${id}`, 'put', { 'secret[key]': 'put form', 'secret[value]': 'v3' })
      assert.equal(viaForm.status, 302)
      assert.equal((await secretRow(id))?.key, 'put form')
      const deleted = await send(owner, `/secrets/${id}`, 'delete', {}, 'native')
      assert.equal(deleted.status, 302)
      assert.equal(deleted.headers.get('location'), '/secrets')
      assert.equal(await secretRow(id), undefined)
      // A plain POST to a secret (no _method) is no route at all.
      const other = await createSecret(owner, 'plain post')
      assert.equal((await send(owner, `/secrets/${other}`, 'POST', { 'secret[key]': 'x', 'secret[value]': 'y' })).status, 404)
      assert.equal((await secretRow(other))?.key, 'plain post')
    })

    test("should re-render the form with 422, the alert and can't be blank for missing fields, and create nothing", async () => {
      const owner = await signedIn()
      const before = (await allSecrets()).length
      const blanks: Record<string, string>[] = [{}, { 'secret[key]': '', 'secret[value]': '' }, { 'secret[key]': '   ', 'secret[value]': ' \t ' }]
      for (const fields of blanks) {
        const response = await create(owner, fields)
        assert.equal(response.status, 422)
        const page = owner.browser.lastHtml
        assert.ok(alerts(page).includes(FORM_ALERT), 'no form alert')
        assert.equal(fieldError(page, 'key', 'secret'), "can't be blank")
        assert.equal(fieldError(page, 'value', 'secret'), "can't be blank")
        assert.ok(page.includes('can&#39;t be blank'), 'the apostrophe is escaped in the HTML')
      }
      const onlyKey = await create(owner, { 'secret[key]': 'kept', 'secret[value]': '' })
      assert.equal(onlyKey.status, 422)
      assert.equal(fieldError(owner.browser.lastHtml, 'key', 'secret'), null)
      assert.equal(fieldError(owner.browser.lastHtml, 'value', 'secret'), "can't be blank")
      assert.equal(inputNamed(owner.browser.lastHtml, 'secret[key]')?.value, 'kept', 'the entered key is kept')
      assert.equal((await allSecrets()).length, before)

      const id = await createSecret(owner, 'stays', 'as it was')
      await owner.browser.get(`/secrets/${id}/edit`)
      const update = await owner.browser.submit(`/secrets/${id}`, { 'secret[key]': '', 'secret[value]': 'new' }, { method: 'patch' })
      assert.equal(update.status, 422)
      assert.ok(alerts(owner.browser.lastHtml).includes(FORM_ALERT))
      assert.equal(fieldError(owner.browser.lastHtml, 'key', 'secret'), "can't be blank")
      assert.equal(inputNamed(formWithAction(owner.browser.lastHtml, `/secrets/${id}`), '_method')?.value, 'patch', 'the edit form comes back as an edit form')
      assert.deepEqual(await secretRow(id), { id, account_id: owner.accountId, key: 'stays', value: 'as it was' })
    })

    test('should refuse fields that are too long with 422 and accept the longest allowed ones', async () => {
      const owner = await signedIn()
      const before = (await allSecrets()).length
      const tooLong = await create(owner, { 'secret[key]': 'k'.repeat(KEY_MAX_LENGTH + 1), 'secret[value]': 'v'.repeat(VALUE_MAX_LENGTH + 1) })
      assert.equal(tooLong.status, 422)
      assert.equal(fieldError(owner.browser.lastHtml, 'key', 'secret'), `should be at most ${KEY_MAX_LENGTH} character(s)`)
      assert.equal(fieldError(owner.browser.lastHtml, 'value', 'secret'), `should be at most ${VALUE_MAX_LENGTH} character(s)`)
      assert.equal((await allSecrets()).length, before)

      const id = await createSecret(owner, 'k'.repeat(KEY_MAX_LENGTH), 'v'.repeat(VALUE_MAX_LENGTH))
      const row = await secretRow(id)
      assert.equal(row?.key.length, KEY_MAX_LENGTH)
      assert.equal(row?.value.length, VALUE_MAX_LENGTH)
      // Characters, not UTF-16 units or bytes: the longest key and value in emoji or CJK script are
      // valid, and the form that carries them is not refused as too large (413).
      const emoji = await createSecret(owner, '🔑'.repeat(KEY_MAX_LENGTH), '🔒'.repeat(VALUE_MAX_LENGTH))
      assert.equal([...((await secretRow(emoji))?.key ?? '')].length, KEY_MAX_LENGTH)
      assert.equal([...((await secretRow(emoji))?.value ?? '')].length, VALUE_MAX_LENGTH)
      await createSecret(owner, '鍵'.repeat(KEY_MAX_LENGTH), '中'.repeat(VALUE_MAX_LENGTH))
      const oneMore = await create(owner, { 'secret[key]': '鍵', 'secret[value]': '中'.repeat(VALUE_MAX_LENGTH + 1) })
      assert.equal(oneMore.status, 422)
      assert.equal(fieldError(owner.browser.lastHtml, 'value', 'secret'), `should be at most ${VALUE_MAX_LENGTH} character(s)`)
    })

    test('should answer NUL bytes in the input with 422, never 500', async () => {
      const owner = await signedIn()
      const before = (await allSecrets()).length
      for (const fields of [
        { 'secret[key]': 'a\u0000b', 'secret[value]': 'ok' },
        { 'secret[key]': 'ok', 'secret[value]': '\u0000' },
      ]) {
        const response = await create(owner, fields)
        assert.equal(response.status, 422)
        assert.ok(alerts(owner.browser.lastHtml).includes(FORM_ALERT))
        assert.ok([fieldError(owner.browser.lastHtml, 'key', 'secret'), fieldError(owner.browser.lastHtml, 'value', 'secret')].includes('has invalid format'))
      }
      // Raw %00 in the body, as a hand-written request would send it.
      await owner.browser.get('/secrets/new')
      const raw = await owner.browser.request('/secrets', { method: 'POST', headers: FORM, body: `secret%5Bkey%5D=x%00y&secret%5Bvalue%5D=v&_csrf_token=${encodeURIComponent(owner.browser.csrfToken())}` })
      assert.equal(raw.status, 422)
      assert.equal((await allSecrets()).length, before)

      const id = await createSecret(owner, 'clean')
      const update = await send(owner, `/secrets/${id}`, 'patch', { 'secret[key]': 'dirty\u0000', 'secret[value]': 'v' })
      assert.equal(update.status, 422)
      assert.equal((await secretRow(id))?.key, 'clean')
    })

    test("should answer another account's secret exactly like a missing one: 404, same body, nothing changed", async () => {
      const owner = await signedIn()
      const intruder = await signedIn()
      const id = await createSecret(owner, 'owner only', 'do not read')
      const missing = Math.max(...(await allSecrets()).map((s) => s.id)) + 1000
      // Show (and so clear) the welcome message of the registration first: both answers then carry the same cookies.
      await intruder.browser.request('/')
      const attempts: Array<[string, (path: string) => Promise<Response>]> = [
        ['GET show', (path) => intruder.browser.request(path)],
        ['GET edit', (path) => intruder.browser.request(`${path}/edit`)],
        ['GET delete confirmation', (path) => intruder.browser.request(`${path}/delete`)],
        ['PATCH form', (path) => send(intruder, path, 'patch', { 'secret[key]': 'stolen', 'secret[value]': 'x' })],
        ['PATCH native', (path) => send(intruder, path, 'patch', { 'secret[key]': 'stolen', 'secret[value]': 'x' }, 'native')],
        ['PUT form', (path) => send(intruder, path, 'put', { 'secret[key]': 'stolen', 'secret[value]': 'x' })],
        ['PATCH invalid', (path) => send(intruder, path, 'patch', { 'secret[key]': '', 'secret[value]': '' })],
        ['DELETE form', (path) => send(intruder, path, 'delete', {})],
        ['DELETE native', (path) => send(intruder, path, 'delete', {}, 'native')],
      ]
      for (const [what, attempt] of attempts) {
        const theirs = await attempt(`/secrets/${id}`)
        const none = await attempt(`/secrets/${missing}`)
        assert.equal(theirs.status, 404, `${what}: another account's id`)
        assert.equal(none.status, 404, `${what}: a missing id`)
        const [theirsBody, noneBody] = [withoutCsrfTokens(await theirs.text()), withoutCsrfTokens(await none.text())]
        assert.equal(theirsBody, noneBody, `${what}: the bodies differ`)
        assert.ok(!theirsBody.includes('owner only') && !theirsBody.includes('do not read'), `${what}: the body shows the secret`)
        assert.ok(theirsBody.includes('This page does not exist.'))
        assert.deepEqual(
          theirs.headers.getSetCookie().map((c) => c.split('=')[0]),
          none.headers.getSetCookie().map((c) => c.split('=')[0]),
        )
      }
      await intruder.browser.get('/secrets')
      assert.ok(!intruder.browser.lastHtml.includes('owner only'), "the intruder's list shows the secret")
      assert.deepEqual(await secretRow(id), { id, account_id: owner.accountId, key: 'owner only', value: 'do not read' })
    })

    test('should answer malformed ids with 404, never 500', async () => {
      const owner = await signedIn()
      await createSecret(owner, 'exists')
      for (const bad of MALFORMED_IDS) {
        assert.equal((await owner.browser.request(`/secrets/${bad}`)).status, 404, `GET /secrets/${bad}`)
        assert.equal((await owner.browser.request(`/secrets/${bad}/edit`)).status, 404, `GET /secrets/${bad}/edit`)
        assert.equal((await send(owner, `/secrets/${bad}`, 'patch', { 'secret[key]': 'k', 'secret[value]': 'v' })).status, 404, `PATCH /secrets/${bad}`)
        assert.equal((await send(owner, `/secrets/${bad}`, 'delete', {})).status, 404, `DELETE /secrets/${bad}`)
      }
      // Leading zeros, signs, exponents and spaces are not ids either.
      for (const bad of ['01', '+1', '1e3', '%201', '0x1']) assert.equal((await owner.browser.request(`/secrets/${bad}`)).status, 404, `GET /secrets/${bad}`)
    })

    test('should never let an account field in the input choose or change the account of a row', async () => {
      const owner = await signedIn()
      const other = await signedIn()
      const othersSecret = await createSecret(other, 'theirs')
      const smuggled = {
        'secret[account_id]': String(other.accountId),
        account_id: String(other.accountId),
        'user[account_id]': String(other.accountId),
        'secret[id]': String(othersSecret),
      }
      const created = await create(owner, { 'secret[key]': 'mine', 'secret[value]': 'v', ...smuggled })
      assert.equal(created.status, 302)
      const id = Number((created.headers.get('location') ?? '').split('/').pop())
      assert.notEqual(id, othersSecret)
      assert.equal((await secretRow(id))?.account_id, owner.accountId)

      for (const style of ['form', 'native'] as const) {
        const updated = await send(owner, `/secrets/${id}`, 'patch', { 'secret[key]': `mine ${style}`, 'secret[value]': 'v', ...smuggled }, style)
        assert.equal(updated.status, 302)
        assert.deepEqual(await secretRow(id), { id, account_id: owner.accountId, key: `mine ${style}`, value: 'v' })
      }
      // Odd values are ignored just the same.
      for (const value of ['0', '-1', 'abc', '']) {
        assert.equal((await create(owner, { 'secret[key]': `odd ${value}`, 'secret[value]': 'v', 'secret[account_id]': value })).status, 302)
      }
      assert.equal(await countSecretsOf(other.accountId), 1)
      assert.deepEqual(await secretRow(othersSecret), { id: othersSecret, account_id: other.accountId, key: 'theirs', value: 'value of theirs' })
      assert.ok((await allSecrets()).filter((s) => s.key.startsWith('mine') || s.key.startsWith('odd')).every((s) => s.account_id === owner.accountId))
    })

    test('should send anonymous visitors to sign-in, keeping the path, and change nothing', async () => {
      const visitor = browser()
      const protectedPaths: Array<[string, string]> = [
        ['/secrets', '%2Fsecrets'],
        ['/secrets/new', '%2Fsecrets%2Fnew'],
        ['/secrets/1', '%2Fsecrets%2F1'],
        ['/secrets/1/edit', '%2Fsecrets%2F1%2Fedit'],
        ['/secrets?page=2', '%2Fsecrets%3Fpage%3D2'],
      ]
      for (const [path, requestPath] of protectedPaths) {
        const response = await visitor.request(path)
        assert.equal(response.status, 302, path)
        assert.equal(response.headers.get('location'), `/session/new?request_path=${requestPath}`, path)
      }
      const owner = await signedIn()
      const id = await createSecret(owner, 'private')
      const before = (await allSecrets()).length
      await visitor.get('/session/new') // a valid CSRF token, but nobody signed in
      const post = await visitor.submit('/secrets', { 'secret[key]': 'anon', 'secret[value]': 'v' })
      assert.equal(post.status, 302)
      assert.equal(post.headers.get('location'), '/session/new')
      await visitor.get('/session/new')
      const patch = await visitor.submit(`/secrets/${id}`, { 'secret[key]': 'anon', 'secret[value]': 'v' }, { method: 'patch' })
      assert.equal(patch.headers.get('location'), '/session/new')
      await visitor.get('/session/new')
      assert.equal((await visitor.submit(`/secrets/${id}`, {}, { method: 'delete' })).headers.get('location'), '/session/new')
      assert.equal((await allSecrets()).length, before)
      assert.equal((await secretRow(id))?.key, 'private')
    })

    test('should refuse state changes without a valid CSRF token (or from another site) with 403 and change nothing', async () => {
      const owner = await signedIn()
      const id = await createSecret(owner, 'guarded')
      const before = await allSecrets()
      await owner.browser.get('/secrets/new')
      assert.equal((await owner.browser.submit('/secrets', { 'secret[key]': 'forged', 'secret[value]': 'v' }, { csrf: false })).status, 403)
      await owner.browser.get('/secrets/new')
      assert.equal((await owner.browser.submit('/secrets', { 'secret[key]': 'forged', 'secret[value]': 'v', _csrf_token: 'not-a-token' }, { csrf: false })).status, 403)
      await owner.browser.get('/secrets/new')
      assert.equal((await owner.browser.submit('/secrets', { 'secret[key]': 'forged', 'secret[value]': 'v' }, { headers: { origin: 'https://evil.example' } })).status, 403)
      await owner.browser.get(`/secrets/${id}/edit`)
      assert.equal((await owner.browser.submit(`/secrets/${id}`, { 'secret[key]': 'forged', 'secret[value]': 'v' }, { method: 'patch', csrf: false })).status, 403)
      assert.equal((await owner.browser.submit(`/secrets/${id}`, {}, { method: 'delete', csrf: false })).status, 403)
      assert.equal((await owner.browser.request(`/secrets/${id}`, { method: 'DELETE' })).status, 403)
      assert.deepEqual(await allSecrets(), before)
    })

    test("should remove an account's secrets when its only user deletes the registration", async () => {
      const leaving = await signedIn()
      const staying = await signedIn()
      await createSecret(leaving, 'one')
      await createSecret(leaving, 'two')
      await createSecret(staying, 'kept')
      assert.equal(await countSecretsOf(leaving.accountId), 2)

      await leaving.browser.get('/registration/edit')
      const deleted = await leaving.browser.submit('/registration', { 'user[current_password]': leaving.user.password }, { method: 'delete' })
      assert.equal(deleted.status, 302)
      assert.equal(deleted.headers.get('location'), '/session/new')
      assert.equal(await gatehouse.database.db.selectFrom('accounts').select('id').where('id', '=', leaving.accountId).executeTakeFirst(), undefined)
      assert.equal(await countSecretsOf(leaving.accountId), 0)
      assert.equal(await countSecretsOf(staying.accountId), 1)
      const afterwards = await leaving.browser.request('/secrets')
      assert.equal(afterwards.status, 302)
      assert.equal(afterwards.headers.get('location'), '/session/new?request_path=%2Fsecrets')
    })
  })
})
