import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { forEachDialect } from '../../../test/support/dialects.ts'
import { createTestApp, fieldError, isSignedIn, registeredBrowser, unescapeHtml } from '../../../test/support/http.ts'
import type { Registrant, TestApp } from '../../../test/support/http.ts'
import type { TestBrowser } from '../../../test/support/browser.ts'
import { SoftwareAuthenticator } from '../../../test/support/software-authenticator.ts'
import { securityPage } from './index.tsx'
import { totpCode, totpStep } from './totp.ts'

let now = Date.UTC(2026, 4, 1, 9, 0, 0)
const clock = { now: () => now }
const advance = (ms: number) => void (now += ms)

/** The JS half of a passkey form: the options request (form-encoded, with the page's CSRF token). */
async function options(browser: TestBrowser, path: string, fields: Record<string, string> = {}) {
  const body = new URLSearchParams({ ...fields, _csrf_token: browser.csrfToken() })
  return browser.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: body.toString() })
}

/** Adds a passkey as the page and its script do; answers the final response. */
async function addPasskey(browser: TestBrowser, authenticator: SoftwareAuthenticator, user: Registrant, name = 'Laptop') {
  await browser.get('/security')
  const response = await options(browser, '/security/passkeys/options', { 'passkey[name]': name, 'user[current_password]': user.password })
  assert.equal(response.status, 200)
  const answer = authenticator.register(await response.json())
  return browser.submit('/security/passkeys', { 'passkey[response]': JSON.stringify(answer) })
}

/** Signs in with the authenticator's credential `index` as the sign-in page and its script do. */
async function passkeySignIn(browser: TestBrowser, authenticator: SoftwareAuthenticator, index = 0, requestPath?: string, overrides = {}) {
  const query = requestPath ? `?request_path=${encodeURIComponent(requestPath)}` : ''
  await browser.get(`/session/new${query}`)
  const response = await options(browser, '/session/passkey/options')
  assert.equal(response.status, 200)
  const answer = authenticator.authenticate(await response.json(), index, overrides)
  return browser.submit(`/session/passkey${query}`, { 'passkey[response]': JSON.stringify(answer) })
}

forEachDialect((dialect) => {
  describe('security page: passkeys', () => {
    let app: TestApp
    before(async () => {
      app = await createTestApp(dialect, { clock, extensions: [securityPage()] })
    })
    const db = () => app.gatehouse.database.db
    const userRow = (email: string) => db().selectFrom('users').select(['id', 'account_id']).where('email', '=', email).executeTakeFirstOrThrow()
    const passkeysOf = async (email: string) =>
      db()
        .selectFrom('security_passkeys' as never)
        .selectAll()
        .where('user_id' as never, '=', Number((await userRow(email)).id) as never)
        .execute() as Promise<Array<{ id: number; account_id: number; name: string; sign_count: number; public_key: string; last_used_at: number | null }>>
    const auditTypes = async (email: string) =>
      (await db().selectFrom('audit_events').select('event_type').where('user_id', '=', Number((await userRow(email)).id)).orderBy('id').execute()).map((r) => r.event_type)
    const subjects = async (email: string) => (await db().selectFrom('mail_outbox').select('subject').where('recipient', '=', email).orderBy('id').execute()).map((r) => r.subject)

    test('should load the passkey scripts on /security and /session/new only, with a policy allowing exactly them', async () => {
      const { browser } = await registeredBrowser(app)
      const page = await browser.get('/security')
      const scripts = [...browser.lastHtml.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!)
      assert.equal(scripts.length, 2)
      const csp = page.headers.get('content-security-policy') ?? ''
      const allowed = /script-src ([^;]+)/.exec(csp)?.[1]?.split(' ')
      assert.deepEqual(allowed, scripts.map((src) => `${app.origin}${src.split('?')[0]}`))
      assert.match(csp, /default-src 'self'/)
      assert.match(browser.lastHtml, /<form[^>]*action="\/security\/passkeys"[^>]*hidden/, 'the add form waits for the script')
      for (const src of scripts) {
        const script = await browser.request(src)
        assert.equal(script.status, 200)
        assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/)
        assert.ok((await script.text()).length > 100)
      }
      assert.match((await browser.get('/security/two-factor/new')).headers.get('content-security-policy') ?? '', /script-src 'none'/)
      assert.match((await browser.get('/registration/edit')).headers.get('content-security-policy') ?? '', /script-src 'none'/)
      const signIn = await app.browser().get('/session/new?request_path=%2Fprivate')
      assert.match(signIn.headers.get('content-security-policy') ?? '', /script-src http:\/\/localhost:4000\/gatehouse\/assets\/passkeys\/simplewebauthn-browser\.js http:\/\/localhost:4000\/gatehouse\/assets\/passkeys\/passkey-forms\.js(;|$)/)
      const html = await signIn.text()
      assert.match(html, /<form[^>]*action="\/session\/passkey\?request_path=%2Fprivate"[^>]*hidden/)
      assert.match(html, /<form action="\/session\?request_path=%2Fprivate" method="post"/, 'the password form is unchanged')
    })

    test('should add a passkey with its name after the current password: stored with the account, mailed and audited', async () => {
      const { browser, user } = await registeredBrowser(app)
      const authenticator = new SoftwareAuthenticator(app.origin)
      await browser.get('/security')
      const refused = await options(browser, '/security/passkeys/options', { 'passkey[name]': 'Laptop', 'user[current_password]': 'not the password at all' })
      assert.equal(refused.status, 422)
      // The script then submits the form itself: the page says what is wrong.
      const page = await browser.submit('/security/passkeys', { 'passkey[name]': '', 'user[current_password]': 'not the password at all' })
      assert.equal(page.status, 422)
      assert.ok(fieldError(browser.lastHtml, 'current_password', 'add_passkey'))
      assert.ok(fieldError(browser.lastHtml, 'name', 'passkey'))

      const response = await options(browser, '/security/passkeys/options', { 'passkey[name]': ' Work laptop ', 'user[current_password]': user.password })
      const sent = await response.json()
      assert.equal(sent.rp.id, 'localhost')
      assert.equal(sent.authenticatorSelection.residentKey, 'required')
      assert.equal(sent.authenticatorSelection.userVerification, 'required')
      assert.equal(sent.user.name, user.email)
      assert.ok(sent.user.id.length >= 40, 'an opaque user handle (a keyed hash), not the user id')
      const answer = authenticator.register(sent)
      const added = await browser.submit('/security/passkeys', { 'passkey[response]': JSON.stringify(answer) })
      assert.equal(added.status, 302)
      assert.equal(added.headers.get('location'), '/security')
      const [stored] = await passkeysOf(user.email)
      assert.ok(stored)
      assert.equal(stored.name, 'Work laptop')
      assert.equal(Number(stored.account_id), Number((await userRow(user.email)).account_id))
      assert.ok((await auditTypes(user.email)).includes('passkey.added'))
      assert.ok((await subjects(user.email)).includes('A passkey was added to your account'))
      await browser.get('/security')
      assert.ok(unescapeHtml(browser.lastHtml).includes('Work laptop'))

      // The challenge was spent: the same answer again is refused, and nothing more is stored.
      assert.equal((await browser.submit('/security/passkeys', { 'passkey[response]': JSON.stringify(answer) })).status, 422)
      assert.equal((await passkeysOf(user.email)).length, 1)
    })

    test('should refuse an answer to an expired challenge, another browser’s, or from another origin', async () => {
      const { browser, user } = await registeredBrowser(app)
      const authenticator = new SoftwareAuthenticator(app.origin)
      await browser.get('/security')
      let sent = await (await options(browser, '/security/passkeys/options', { 'passkey[name]': 'Key', 'user[current_password]': user.password })).json()
      advance(5 * 60_000)
      assert.equal((await browser.submit('/security/passkeys', { 'passkey[response]': JSON.stringify(authenticator.register(sent)) })).status, 422, 'expired')

      await browser.get('/security')
      sent = await (await options(browser, '/security/passkeys/options', { 'passkey[name]': 'Key', 'user[current_password]': user.password })).json()
      const other = app.browser()
      await other.signIn(user.email, user.password)
      await other.get('/security')
      assert.equal((await other.submit('/security/passkeys', { 'passkey[response]': JSON.stringify(authenticator.register(sent)) })).status, 422, 'bound to the browser')

      await browser.get('/security')
      sent = await (await options(browser, '/security/passkeys/options', { 'passkey[name]': 'Key', 'user[current_password]': user.password })).json()
      const foreign = authenticator.register(sent, { origin: 'http://evil.example' })
      assert.equal((await browser.submit('/security/passkeys', { 'passkey[response]': JSON.stringify(foreign) })).status, 422, 'another origin')
      await browser.get('/security')
      sent = await (await options(browser, '/security/passkeys/options', { 'passkey[name]': 'Key', 'user[current_password]': user.password })).json()
      assert.equal((await browser.submit('/security/passkeys', { 'passkey[response]': JSON.stringify(authenticator.register(sent, { flags: 0x41 })) })).status, 422, 'no user verification')
      assert.equal((await browser.submit('/security/passkeys', { 'passkey[response]': '{"id":' })).status, 422, 'malformed')
      assert.equal((await passkeysOf(user.email)).length, 0)
    })

    test('should sign in with a passkey as two factors: request_path kept, counter stored, no code asked', async () => {
      const { browser, user } = await registeredBrowser(app)
      const authenticator = new SoftwareAuthenticator(app.origin)
      assert.equal((await addPasskey(browser, authenticator, user)).status, 302)
      // Two-factor on as well: a passkey does not go through the code step.
      await browser.get('/security/two-factor/new')
      const secret = /id="two_factor_key"[^>]*>([A-Z2-7]{32})</.exec(browser.lastHtml)![1]!
      const sealed = /name="two_factor\[secret\]" value="([^"]+)"/.exec(browser.lastHtml)![1]!
      await browser.submit('/security/two-factor', { 'two_factor[secret]': sealed, 'two_factor[code]': totpCode(secret, totpStep(now)), 'user[current_password]': user.password })
      await browser.signOut()

      const fresh = app.browser()
      const response = await passkeySignIn(fresh, authenticator, 0, '/private')
      assert.equal(response.status, 302)
      assert.equal(response.headers.get('location'), '/private')
      assert.equal(await isSignedIn(fresh), true)
      const [stored] = await passkeysOf(user.email)
      assert.equal(Number(stored!.sign_count), 1)
      assert.equal(Number(stored!.last_used_at), now)
      assert.ok((await auditTypes(user.email)).includes('sign_in.succeeded'))
      const unsafe = await passkeySignIn(app.browser(), authenticator, 0, '//evil.example')
      assert.equal(unsafe.headers.get('location'), '/')
    })

    test('should refuse a replayed answer, a counter that did not move, another browser’s challenge and an unknown passkey', async () => {
      const { browser, user } = await registeredBrowser(app)
      const authenticator = new SoftwareAuthenticator(app.origin)
      await addPasskey(browser, authenticator, user)
      await browser.signOut()

      const first = app.browser()
      await first.get('/session/new')
      const sent = await (await options(first, '/session/passkey/options')).json()
      const answer = JSON.stringify(authenticator.authenticate(sent))
      const stranger = app.browser()
      await stranger.get('/session/new')
      const elsewhere = await stranger.submit('/session/passkey', { 'passkey[response]': answer })
      assert.equal(elsewhere.headers.get('location'), '/session/new', 'bound to the browser')
      assert.equal(await isSignedIn(stranger), false)
      assert.equal((await first.submit('/session/passkey', { 'passkey[response]': answer })).headers.get('location'), '/')
      const again = app.browser()
      await again.get('/session/new')
      await options(again, '/session/passkey/options')
      assert.equal((await again.submit('/session/passkey', { 'passkey[response]': answer })).headers.get('location'), '/session/new', 'replayed')

      const cloned = await passkeySignIn(app.browser(), authenticator, 0, undefined, { counter: 1 })
      assert.equal(cloned.headers.get('location'), '/session/new', 'a counter that went back')
      const unknown = new SoftwareAuthenticator(app.origin)
      unknown.register({ challenge: 'x', rp: { id: 'localhost' }, user: { id: 'someone' } })
      const stray = app.browser()
      assert.equal((await passkeySignIn(stray, unknown)).headers.get('location'), '/session/new')
      assert.equal(await isSignedIn(stray), false)
      assert.match(stray.cookies.get('gatehouse_flash') ?? '', /./, 'a flash says why')
    })

    test('should rename with CSRF only, remove with the current password, and 404 for another person’s passkey', async () => {
      const { browser, user } = await registeredBrowser(app)
      const authenticator = new SoftwareAuthenticator(app.origin)
      await addPasskey(browser, authenticator, user)
      const [stored] = await passkeysOf(user.email)
      const id = stored!.id
      await browser.get('/security')
      assert.equal((await browser.submit(`/security/passkeys/${id}`, { 'passkey[name]': '   ' }, { method: 'patch' })).status, 422)
      assert.ok(fieldError(browser.lastHtml, 'name', `passkey_${id}`))
      assert.equal((await browser.submit(`/security/passkeys/${id}`, { 'passkey[name]': 'Phone' }, { method: 'patch' })).status, 302)
      assert.equal((await passkeysOf(user.email))[0]!.name, 'Phone')
      assert.equal((await browser.submit(`/security/passkeys/${id}`, { 'passkey[name]': 'Forged' }, { method: 'patch', csrf: false })).status, 403)

      const { browser: intruder } = await registeredBrowser(app)
      await intruder.get('/security')
      assert.equal((await intruder.submit(`/security/passkeys/${id}`, { 'passkey[name]': 'Mine' }, { method: 'patch' })).status, 404)
      assert.equal((await intruder.submit(`/security/passkeys/${id}`, { 'user[current_password]': 'whatever password' }, { method: 'delete' })).status, 404)
      assert.equal((await intruder.submit('/security/passkeys/abc', { 'passkey[name]': 'Mine' }, { method: 'patch' })).status, 404)

      await browser.get('/security')
      assert.equal((await browser.submit(`/security/passkeys/${id}`, { 'user[current_password]': 'not the password at all' }, { method: 'delete' })).status, 422)
      assert.ok(fieldError(browser.lastHtml, 'current_password', `passkey_${id}`))
      assert.equal((await browser.submit(`/security/passkeys/${id}`, { 'user[current_password]': user.password }, { method: 'delete' })).status, 302)
      assert.equal((await passkeysOf(user.email)).length, 0)
      const types = await auditTypes(user.email)
      assert.ok(types.includes('passkey.renamed') && types.includes('passkey.removed'))
      assert.ok((await subjects(user.email)).includes('A passkey was removed from your account'))
      await browser.signOut()
      assert.equal((await passkeySignIn(app.browser(), authenticator)).headers.get('location'), '/session/new', 'a removed passkey signs nobody in')
    })
  })

  describe('security page: passkey sign-in rate limit', () => {
    test('should answer 429 past the per-address limit of passkey sign-in requests', async () => {
      const app = await createTestApp(dialect, { clock, extensions: [securityPage()], rateLimits: { policies: { 'passkey.sign_in': { ip: '2/1h' } } } })
      const browser = app.browser()
      await browser.get('/session/new')
      assert.equal((await options(browser, '/session/passkey/options')).status, 200)
      assert.equal((await options(browser, '/session/passkey/options')).status, 200)
      const limited = await options(browser, '/session/passkey/options')
      assert.equal(limited.status, 429)
      assert.equal((await browser.submit('/session/passkey', { 'passkey[response]': '{}' })).status, 429)
    })
  })
})
