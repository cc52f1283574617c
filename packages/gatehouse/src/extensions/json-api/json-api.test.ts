import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { forEachDialect } from '../../../test/support/dialects.ts'
import { createTestApp, newRegistrant, ORIGIN, registeredBrowser } from '../../../test/support/http.ts'
import type { Registrant, TestApp } from '../../../test/support/http.ts'
import { emailConfirmation } from '../../index.ts'
import { jsonApi } from './index.ts'

/** A clock the tests move: token lifetimes and the renewal grace are read from it. */
let now = Date.UTC(2026, 0, 5, 9, 0)
const clock = { now: () => now }
const MINUTE = 60_000

interface Tokens {
  access_token: string
  renewal_token: string
}

function call(app: TestApp, method: string, path: string, init: { body?: unknown; raw?: string; token?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers }
  if (init.body !== undefined || init.raw !== undefined) headers['content-type'] ??= 'application/json'
  if (init.token !== undefined) headers.authorization = init.token
  const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body))
  return app.fetch(new Request(`${ORIGIN}${path}`, { method, headers, ...(body === undefined ? {} : { body }) }))
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers are read field by field and asserted
type Json = Record<string, any>

async function json(response: Response): Promise<Json> {
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/)
  return (await response.json()) as Json
}

async function register(app: TestApp, overrides: Partial<Registrant> = {}): Promise<{ user: Registrant; tokens: Tokens }> {
  const user = newRegistrant(overrides)
  const response = await call(app, 'POST', '/api/v1/registration', { body: { user: { ...user, password_confirmation: user.password } } })
  assert.equal(response.status, 200)
  const tokens = (await json(response)).data as Tokens
  return { user, tokens }
}

const CONFIRM_SUBJECT = 'Confirm your email address'

/** Subjects of the mail queued to `to`, oldest first. */
async function subjectsTo(app: TestApp, to: string): Promise<string[]> {
  const rows = await app.gatehouse.database.db.selectFrom('mail_outbox').select('subject').where('recipient', '=', to).orderBy('id').execute()
  return rows.map((row) => row.subject)
}

async function countUsers(app: TestApp): Promise<number> {
  return Number((await app.gatehouse.database.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
}

forEachDialect((dialect) => {
  describe('JSON API', () => {
    let app: TestApp
    before(async () => {
      app = await createTestApp(dialect, { clock, extensions: [jsonApi()] })
    })

    test('should register an account with its owner and answer tokens that read /me, setting no cookie', async () => {
      const user = newRegistrant()
      const response = await call(app, 'POST', '/api/v1/registration', { body: { user: { ...user, password_confirmation: user.password } } })
      assert.equal(response.status, 200)
      assert.equal(response.headers.get('set-cookie'), null, 'no cookie on token routes')
      const { data } = await json(response)
      assert.deepEqual(Object.keys(data).sort(), ['access_token', 'renewal_token'])
      const me = await call(app, 'GET', '/api/v1/me', { token: data.access_token })
      assert.equal(me.status, 200)
      const body = await json(me)
      assert.equal(body.data.user.email, user.email)
      assert.equal(body.data.user.role, 'owner')
      assert.equal(body.data.account.name, user.account_name)
      assert.equal(typeof body.data.user.id, 'number')
      const bearer = await call(app, 'GET', '/api/v1/me', { token: `Bearer ${data.access_token}` })
      assert.equal(bearer.status, 200, 'Bearer <token> is accepted too')
    })

    test("should refuse a registration with the forms' field messages in a 422", async () => {
      const { user } = await register(app)
      const again = newRegistrant({ email: user.email })
      const taken = await call(app, 'POST', '/api/v1/registration', { body: { user: { ...again, password_confirmation: again.password } } })
      assert.equal(taken.status, 422)
      assert.deepEqual((await json(taken)).error.errors.email, ['has already been taken'])
      const response = await call(app, 'POST', '/api/v1/registration', { body: { user: { email: 'x@example.com', password: 'short', password_confirmation: 'other', account_name: '' } } })
      assert.equal(response.status, 422)
      const { error } = await json(response)
      assert.equal(error.status, 422)
      assert.equal(error.message, "Couldn't create user")
      assert.deepEqual(error.errors.account_name, ["can't be blank"])
      assert.ok(error.errors.password.includes('should be at least 12 character(s)'), JSON.stringify(error.errors))
    })

    test('should sign in with tokens, and answer the same 401 for a wrong password and an unknown email', async () => {
      const { user } = await register(app)
      const ok = await call(app, 'POST', '/api/v1/session', { body: { user: { email: user.email, password: user.password } } })
      assert.equal(ok.status, 200)
      assert.ok((await json(ok)).data.access_token)
      const wrong = await call(app, 'POST', '/api/v1/session', { body: { user: { email: user.email, password: 'not the password at all' } } })
      const unknown = await call(app, 'POST', '/api/v1/session', { body: { user: { email: `nobody-${user.email}`, password: user.password } } })
      for (const response of [wrong, unknown]) {
        assert.equal(response.status, 401)
        assert.deepEqual(await json(response), { error: { status: 401, message: 'Invalid email or password' } })
      }
    })

    test('should answer 401 JSON, never a redirect, for a missing, bad or renewal token, and ignore the session cookie', async () => {
      const { tokens } = await register(app)
      for (const token of [undefined, 'garbage', tokens.renewal_token, `Bearer ${tokens.renewal_token}`]) {
        const response = await call(app, 'GET', '/api/v1/me', token === undefined ? {} : { token })
        assert.equal(response.status, 401, String(token))
        assert.deepEqual(await json(response), { error: { status: 401, message: 'Not authenticated' } })
      }
      const { browser } = await registeredBrowser(app)
      const viaCookie = await browser.get('/api/v1/me')
      assert.equal(viaCookie.status, 401, 'a browser session does not authenticate the API')
      const renewWithAccess = await call(app, 'POST', '/api/v1/session/renew', { token: tokens.access_token })
      assert.equal(renewWithAccess.status, 401, 'an access token never renews')
      assert.deepEqual(await json(renewWithAccess), { error: { status: 401, message: 'Invalid token' } })
    })

    test('should need no CSRF token on token routes, and send no CORS headers by default', async () => {
      const { tokens } = await register(app)
      const response = await call(app, 'DELETE', '/api/v1/session', { token: tokens.access_token, headers: { origin: 'https://evil.example' } })
      assert.equal(response.status, 200)
      assert.deepEqual(await json(response), { data: {} })
      assert.equal(response.headers.get('access-control-allow-origin'), null)
      const preflight = await call(app, 'OPTIONS', '/api/v1/session', { headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } })
      assert.equal(preflight.headers.get('access-control-allow-origin'), null)
    })

    test('should end both tokens of a sign-in on DELETE /session, and no other sign-in', async () => {
      const { user, tokens } = await register(app)
      const other = (await json(await call(app, 'POST', '/api/v1/session', { body: { user: { email: user.email, password: user.password } } }))).data as Tokens
      assert.equal((await call(app, 'DELETE', '/api/v1/session', { token: tokens.access_token })).status, 200)
      assert.equal((await call(app, 'GET', '/api/v1/me', { token: tokens.access_token })).status, 401)
      assert.equal((await call(app, 'POST', '/api/v1/session/renew', { token: tokens.renewal_token })).status, 401)
      assert.equal((await call(app, 'GET', '/api/v1/me', { token: other.access_token })).status, 200)
    })

    test('should renew both tokens and retire the old ones; an access token expires after 30 minutes', async () => {
      const { tokens } = await register(app)
      now += 31 * MINUTE
      assert.equal((await call(app, 'GET', '/api/v1/me', { token: tokens.access_token })).status, 401, 'expired access token')
      const renewed = await call(app, 'POST', '/api/v1/session/renew', { token: tokens.renewal_token })
      assert.equal(renewed.status, 200)
      const next = (await json(renewed)).data as Tokens
      assert.notEqual(next.renewal_token, tokens.renewal_token)
      assert.equal((await call(app, 'GET', '/api/v1/me', { token: next.access_token })).status, 200)
      assert.equal((await call(app, 'POST', '/api/v1/session/renew', { token: tokens.renewal_token })).status, 401, 'the used renewal token stops working')
      assert.equal((await call(app, 'GET', '/api/v1/me', { token: next.access_token })).status, 200, 'a retry within the grace harms nothing')
    })

    test('should let exactly one of 20 concurrent renewals with one renewal token succeed', async () => {
      const { tokens } = await register(app)
      const responses = await Promise.all(Array.from({ length: 20 }, () => call(app, 'POST', '/api/v1/session/renew', { token: tokens.renewal_token })))
      const statuses = responses.map((r) => r.status).sort()
      assert.deepEqual(statuses, [200, ...Array.from({ length: 19 }, () => 401)])
      const winner = (await json(responses.find((r) => r.status === 200)!)).data as Tokens
      assert.equal((await call(app, 'GET', '/api/v1/me', { token: winner.access_token })).status, 200)
    })

    test('should revoke the whole sign-in when a replaced renewal token comes back after the grace', async () => {
      const { tokens } = await register(app)
      const next = (await json(await call(app, 'POST', '/api/v1/session/renew', { token: tokens.renewal_token }))).data as Tokens
      now += 2 * MINUTE
      assert.equal((await call(app, 'POST', '/api/v1/session/renew', { token: tokens.renewal_token })).status, 401)
      assert.equal((await call(app, 'GET', '/api/v1/me', { token: next.access_token })).status, 401, 'the current access token is revoked')
      assert.equal((await call(app, 'POST', '/api/v1/session/renew', { token: next.renewal_token })).status, 401, 'the current renewal token is revoked')
    })

    test('should revoke API tokens when the password changes or the user signs out everywhere', async () => {
      const { browser, user } = await registeredBrowser(app)
      const tokens = (await json(await call(app, 'POST', '/api/v1/session', { body: { user: { email: user.email, password: user.password } } }))).data as Tokens
      await browser.get('/registration/edit')
      const newPassword = `${user.password}!new`
      const changed = await browser.submit(
        '/registration',
        { 'user[current_password]': user.password, 'user[email]': user.email, 'user[password]': newPassword, 'user[password_confirmation]': newPassword },
        { method: 'patch' },
      )
      assert.equal(changed.status, 302)
      assert.equal((await call(app, 'GET', '/api/v1/me', { token: tokens.access_token })).status, 401)
      assert.equal((await call(app, 'POST', '/api/v1/session/renew', { token: tokens.renewal_token })).status, 401)
    })

    test('should revoke API tokens when the user is deleted', async () => {
      const { browser, user } = await registeredBrowser(app)
      const tokens = (await json(await call(app, 'POST', '/api/v1/session', { body: { user: { email: user.email, password: user.password } } }))).data as Tokens
      await browser.get('/registration/edit')
      const deleted = await browser.submit('/registration', { 'user[current_password]': user.password }, { method: 'delete' })
      assert.equal(deleted.status, 302)
      assert.equal((await call(app, 'GET', '/api/v1/me', { token: tokens.access_token })).status, 401)
    })

    test('should answer malformed JSON, wrong types, a missing user object, another content type and an oversized body with 4xx JSON', async () => {
      const cases: [string, Parameters<typeof call>[3], number][] = [
        ['malformed', { raw: '{"user": {' }, 400],
        ['not an object', { raw: '[1,2]' }, 400],
        ['no user', { body: { email: 'a@example.com' } }, 400],
        ['user is a string', { body: { user: 'x' } }, 400],
        ['wrong types', { body: { user: { email: ['a'], password: 7 } } }, 422],
        ['form encoded', { raw: 'user[email]=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415],
        ['nested 5000 deep', { raw: `${'['.repeat(5000)}${']'.repeat(5000)}` }, 400],
        ['too large', { body: { user: { email: 'a@example.com', password: 'x'.repeat(20_000) } } }, 413],
      ]
      for (const path of ['/api/v1/session', '/api/v1/registration']) {
        for (const [name, init, status] of cases) {
          const response = await call(app, 'POST', path, init)
          assert.equal(response.status, status, `${path} ${name}`)
          assert.equal((await json(response)).error.status, status)
        }
      }
    })

    test('should record the API sign-in and sign-out in the audit log like the forms', async () => {
      const { user } = await register(app)
      const tokens = (await json(await call(app, 'POST', '/api/v1/session', { body: { user: { email: user.email, password: user.password } } }))).data as Tokens
      await call(app, 'DELETE', '/api/v1/session', { token: tokens.access_token })
      const me = await app.gatehouse.db.selectFrom('users').select(['id', 'account_id']).where('email', '=', user.email).executeTakeFirstOrThrow()
      const events = (await app.gatehouse.audit.listAccountEvents(me.account_id)).map((e) => e.type as string)
      for (const type of ['account.registered', 'sign_in.succeeded', 'sign_out']) assert.ok(events.includes(type), `${type} in ${events.join(', ')}`)
    })
  })

  describe('JSON API under the forms\' rate limits', () => {
    let app: TestApp
    before(async () => {
      app = await createTestApp(dialect, { extensions: [jsonApi()], rateLimits: { policies: { 'password.check': { ip: '3/5m' }, 'registration.create': { ip: '2/1h' } } } })
    })

    test('should share the password-check budget with the sign-in form and answer 429 JSON with Retry-After', async () => {
      const { browser, user } = await registeredBrowser(app)
      await browser.signOut()
      assert.equal((await browser.signIn(user.email, 'not the password at all')).status, 422, 'one check through the form')
      for (let i = 0; i < 2; i++) assert.equal((await call(app, 'POST', '/api/v1/session', { body: { user: { email: user.email, password: 'not the password at all' } } })).status, 401)
      const limited = await call(app, 'POST', '/api/v1/session', { body: { user: { email: user.email, password: user.password } } })
      assert.equal(limited.status, 429)
      assert.ok(Number(limited.headers.get('retry-after')) >= 1)
      assert.deepEqual(await json(limited), { error: { status: 429, message: 'Too many requests' } })
    })

    test('should count API registrations against the registration limit', async () => {
      const statuses = []
      for (let i = 0; i < 3; i++) {
        const user = newRegistrant()
        statuses.push((await call(app, 'POST', '/api/v1/registration', { body: { user: { ...user, password_confirmation: user.password } } })).status)
      }
      // The form registration of the test above counted too.
      assert.deepEqual(statuses, [200, 429, 429])
    })
  })

  describe('JSON API with a sign-in rule holding users (email confirmation)', () => {
    let app: TestApp
    before(async () => {
      app = await createTestApp(dialect, { extensions: [emailConfirmation(), jsonApi()] })
    })

    test('should answer a held registration and sign-in with 403 JSON and the reason, never tokens', async () => {
      const user = newRegistrant()
      const registered = await call(app, 'POST', '/api/v1/registration', { body: { user: { ...user, password_confirmation: user.password } } })
      assert.equal(registered.status, 403)
      assert.deepEqual(await json(registered), { error: { status: 403, message: 'Sign-in not allowed', reason: 'email_unconfirmed' } })
      const signIn = await call(app, 'POST', '/api/v1/session', { body: { user: { email: user.email, password: user.password } } })
      assert.equal(signIn.status, 403)
      assert.equal((await json(signIn)).error.reason, 'email_unconfirmed')
      assert.equal(await app.gatehouse.db.selectFrom('api_tokens' as never).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow().then((r) => Number((r as { n: unknown }).n)), 0)
    })

    test('should mail the confirmation link on registration and a fresh one on a held sign-in, as the forms do', async () => {
      const user = newRegistrant()
      assert.equal((await call(app, 'POST', '/api/v1/registration', { body: { user: { ...user, password_confirmation: user.password } } })).status, 403)
      assert.deepEqual(await subjectsTo(app, user.email), [CONFIRM_SUBJECT])
      assert.equal((await call(app, 'POST', '/api/v1/session', { body: { user: { email: user.email, password: user.password } } })).status, 403)
      assert.deepEqual(await subjectsTo(app, user.email), [CONFIRM_SUBJECT, CONFIRM_SUBJECT])
    })

    test('should answer the registration of a taken email exactly like a fresh one, create nothing and mail the owner a notice', async () => {
      const user = newRegistrant()
      const body = { user: { ...user, password_confirmation: user.password } }
      const fresh = await call(app, 'POST', '/api/v1/registration', { body })
      const users = await countUsers(app)
      const taken = await call(app, 'POST', '/api/v1/registration', { body: { user: { ...body.user, account_name: `${user.account_name} again` } } })
      assert.equal(taken.status, fresh.status)
      assert.deepEqual(await json(taken), await json(fresh))
      assert.equal(await countUsers(app), users)
      assert.deepEqual(await subjectsTo(app, user.email), [CONFIRM_SUBJECT, 'Someone tried to register with your email address'])
      const badToo = await call(app, 'POST', '/api/v1/registration', { body: { user: { ...body.user, account_name: 'Another one', password_confirmation: 'something else entirely' } } })
      assert.equal(badToo.status, 422)
      assert.deepEqual((await json(badToo)).error.errors, { password_confirmation: ['does not match confirmation'] })
    })
  })

  describe('JSON API with CORS origins', () => {
    let app: TestApp
    before(async () => {
      app = await createTestApp(dialect, { extensions: [jsonApi({ corsOrigins: ['https://spa.example.com'] })] })
    })

    test('should allow only the configured origin', async () => {
      const allowed = await call(app, 'OPTIONS', '/api/v1/session', { headers: { origin: 'https://spa.example.com', 'access-control-request-method': 'POST' } })
      assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://spa.example.com')
      assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /Authorization/i)
      const other = await call(app, 'OPTIONS', '/api/v1/session', { headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } })
      assert.equal(other.headers.get('access-control-allow-origin'), null)
    })
  })
})
