import type { RememberMeDatabase } from './tables.ts'
import type { Kysely } from 'kysely'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { before, describe, test } from 'node:test'
import { UNKNOWN_ORIGIN } from '../api.ts'
import type { GatehouseExtension } from '../api.ts'
import type { TestBrowser } from '../../../test/support/browser.ts'
import { manualClock, PASSWORD } from '../../../test/support/core.ts'
import { forEachDialect } from '../../../test/support/dialects.ts'
import { clearsCookie, createTestApp, findUserByEmail, HTTPS_ORIGIN, inputNamed, isSignedIn, labelFor, registeredBrowser, requestWithCookie } from '../../../test/support/http.ts'
import type { Registrant, TestApp } from '../../../test/support/http.ts'
import { rememberMe } from './index.tsx'
import type { RememberMeOptions } from './index.tsx'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const THIRTY_DAYS_S = 30 * 24 * 60 * 60
const REMEMBER = 'gatehouse_remember_me'
const SESSION = 'gatehouse_session'
const NEW_PASSWORD = 'a brand new password for this test'

type Clock = ReturnType<typeof manualClock>

/** The last `Set-Cookie` line for a name: a restore clears the dead session cookie, then sets the new one. */
function lastSetCookie(response: Response, name: string): string | undefined {
  return response.headers
    .getSetCookie()
    .filter((line) => line.startsWith(`${name}=`))
    .at(-1)
}

function valueOf(setCookie: string | undefined): string {
  return setCookie?.split(';')[0]?.slice(setCookie.indexOf('=') + 1) ?? ''
}

function attributes(setCookie: string): string[] {
  return setCookie
    .split(';')
    .slice(1)
    .map((a) => a.trim().toLowerCase())
}

function rememberCookieOf(browser: TestBrowser, name = REMEMBER): string {
  const value = browser.cookies.get(name)
  assert.ok(value, 'the browser has no remember-me cookie')
  return value
}

async function userIdOf(app: TestApp, email: string): Promise<number> {
  const user = await findUserByEmail(app.gatehouse, email)
  assert.ok(user)
  return user.id
}

function tokenRows(app: TestApp, userId: number) {
  return (app.gatehouse.database.db as unknown as Kysely<RememberMeDatabase>).selectFrom('persistent_sessions').selectAll().where('user_id', '=', userId).execute()
}

/** Signs in through the real form, ticking "Remember me" unless `box` says otherwise. */
async function signInWithBox(browser: TestBrowser, user: Pick<Registrant, 'email' | 'password'>, box: string | null = 'true'): Promise<Response> {
  await browser.get('/session/new')
  const fields: Record<string, string> = { 'user[email]': user.email, 'user[password]': user.password }
  if (box !== null) fields['user[persistent_session]'] = box
  return browser.submit('/session', fields)
}

/** A registered user signed in afresh on a new browser with "Remember me" ticked. */
async function rememberedBrowser(app: TestApp) {
  const { browser: registering, user } = await registeredBrowser(app)
  await registering.signOut()
  const browser = app.browser()
  const response = await signInWithBox(browser, user)
  assert.equal(response.status, 302)
  return { browser, user, userId: await userIdOf(app, user.email), response }
}

/** Another browser of the same user, also remembered. */
async function secondBrowser(app: TestApp, user: Registrant): Promise<TestBrowser> {
  const browser = app.browser()
  assert.equal((await signInWithBox(browser, user)).status, 302)
  return browser
}

async function rememberedApp(dialect: Parameters<typeof createTestApp>[0], options: RememberMeOptions & { publicUrl?: string } = {}) {
  const clock = manualClock()
  const replays: number[] = []
  const { publicUrl, ...rememberOptions } = options
  const app = await createTestApp(dialect, {
    clock,
    ...(publicUrl ? { publicUrl } : {}),
    extensions: [rememberMe({ onReplayDetected: ({ userId }) => void replays.push(userId), ...rememberOptions })],
  })
  return { app, clock, replays }
}

forEachDialect((dialect) => {
  describe('remember-me over HTTP', () => {
    let app: TestApp
    let clock: Clock
    let replays: number[]
    before(async () => {
      ;({ app, clock, replays } = await rememberedApp(dialect))
    })

    describe('the sign-in form', () => {
      test('should show an unticked, labelled user[persistent_session] checkbox with the value "true"', async () => {
        const page = await app.browser().get('/session/new')
        const html = await page.text()
        const box = inputNamed(html, 'user[persistent_session]')
        assert.ok(box, 'no remember-me checkbox')
        assert.equal(box.type, 'checkbox')
        assert.equal(box.value, 'true')
        assert.equal(box.checked, undefined)
        assert.equal(labelFor(html, box.id ?? '')?.trim(), 'Remember me')
      })
    })

    describe('issuing a token at sign-in', () => {
      test('should set an HttpOnly, SameSite=Lax, Path=/ cookie for 30 days when the box is ticked', async () => {
        const { response, userId } = await rememberedBrowser(app)
        const line = lastSetCookie(response, REMEMBER)
        assert.ok(line, 'no remember-me cookie was set')
        const attrs = attributes(line)
        assert.ok(attrs.includes(`max-age=${THIRTY_DAYS_S}`), line)
        assert.ok(attrs.includes('httponly'), line)
        assert.ok(attrs.includes('samesite=lax'), line)
        assert.ok(attrs.includes('path=/'), line)
        assert.ok(!attrs.includes('secure'), line)
        const [row] = await tokenRows(app, userId)
        assert.ok(row)
        assert.equal(row.expires_at - row.created_at, 30 * DAY)
      })

      test('should store only the SHA-256 of the secret, never the cookie value', async () => {
        const { browser, userId } = await rememberedBrowser(app)
        const [id, secret] = rememberCookieOf(browser).split('.')
        assert.ok(id && secret)
        const rows = await tokenRows(app, userId)
        assert.equal(rows.length, 1)
        assert.equal(rows[0]?.id, id)
        assert.equal(rows[0]?.secret_hash, createHash('sha256').update(secret).digest('hex'))
        const everything = JSON.stringify(await (app.gatehouse.database.db as unknown as Kysely<RememberMeDatabase>).selectFrom('persistent_sessions').selectAll().execute())
        assert.ok(!everything.includes(secret), 'the secret is stored in clear')
      })

      for (const [name, box] of [
        ['left unticked', null],
        ['sent as "false"', 'false'],
      ] as const) {
        test(`should set no remember-me cookie and store no token when the box is ${name}`, async () => {
          const { browser: registering, user } = await registeredBrowser(app)
          await registering.signOut()
          const response = await signInWithBox(app.browser(), user, box)
          assert.equal(response.status, 302)
          assert.equal(lastSetCookie(response, REMEMBER), undefined)
          assert.deepEqual(await tokenRows(app, await userIdOf(app, user.email)), [])
        })
      }

      test('should issue nothing when the sign-in fails', async () => {
        const { browser: registering, user } = await registeredBrowser(app)
        await registering.signOut()
        const response = await signInWithBox(app.browser(), { email: user.email, password: 'not the password at all' })
        assert.equal(response.status, 422)
        assert.equal(lastSetCookie(response, REMEMBER), undefined)
        assert.deepEqual(await tokenRows(app, await userIdOf(app, user.email)), [])
      })
    })

    describe('restoring a session after it expired', () => {
      test('should sign the browser in again after 31 idle minutes, with a new session cookie and a rotated remember-me cookie', async () => {
        const { browser, userId } = await rememberedBrowser(app)
        const oldSession = browser.cookies.get(SESSION)
        const oldRemember = rememberCookieOf(browser)
        clock.advance(31 * MINUTE)
        const response = await browser.request('/private')
        assert.equal(response.status, 200)
        const newSession = valueOf(lastSetCookie(response, SESSION))
        assert.ok(newSession && newSession !== oldSession, 'no new session cookie')
        const line = lastSetCookie(response, REMEMBER)
        assert.ok(line, 'the remember-me cookie was not rotated')
        const rotated = valueOf(line)
        assert.notEqual(rotated, oldRemember)
        assert.equal(rotated.split('.')[0], oldRemember.split('.')[0], 'the token id changed')
        // Rotation does not extend the token: the cookie lives until the end of the original 30 days.
        assert.ok(attributes(line).includes(`max-age=${THIRTY_DAYS_S - 31 * 60}`), line)
        assert.equal((await tokenRows(app, userId)).length, 1)
        assert.equal((await requestWithCookie(app, '/private', `${SESSION}=${oldSession}`)).status, 302, 'the expired session came back')
        assert.ok(await isSignedIn(browser))
      })

      test('should accept the replaced value from a parallel request inside the grace window, leaving the cookie alone', async () => {
        const { browser } = await rememberedBrowser(app)
        const old = rememberCookieOf(browser)
        clock.advance(31 * MINUTE)
        assert.equal((await browser.request('/private')).status, 200)
        clock.advance(30_000)
        const late = await requestWithCookie(app, '/private', `${REMEMBER}=${old}`)
        assert.equal(late.status, 200)
        assert.equal(lastSetCookie(late, REMEMBER), undefined, 'the late request replaced or cleared the remember-me cookie')
        assert.equal(replays.length, 0)
        assert.ok(await isSignedIn(browser))
      })

      test('should rotate once when parallel requests carry the same cookie, signing none of them out', async () => {
        const { browser, userId } = await rememberedBrowser(app)
        const old = rememberCookieOf(browser)
        clock.advance(31 * MINUTE)
        const responses = await Promise.all(Array.from({ length: 6 }, () => requestWithCookie(app, '/private', `${REMEMBER}=${old}`)))
        assert.deepEqual(
          responses.map((r) => r.status),
          responses.map(() => 200),
        )
        const issued = responses.map((r) => lastSetCookie(r, REMEMBER)).filter((line) => line !== undefined)
        assert.equal(issued.length, 1, `expected one rotation, got ${issued.length}`)
        assert.ok(!responses.some((r) => clearsCookie(r, REMEMBER)))
        assert.equal((await tokenRows(app, userId)).length, 1)
        const rotated = valueOf(issued[0])
        clock.advance(2 * MINUTE)
        assert.equal((await requestWithCookie(app, '/private', `${REMEMBER}=${rotated}`)).status, 200)
      })

      test('should restore again each time the restored session idles out, rotating every time', async () => {
        const { browser } = await rememberedBrowser(app)
        const seen = new Set([rememberCookieOf(browser)])
        for (let i = 0; i < 3; i++) {
          clock.advance(31 * MINUTE)
          assert.equal((await browser.request('/private')).status, 200, `not restored in round ${i + 1}`)
          const value = rememberCookieOf(browser)
          assert.ok(!seen.has(value), 'the remember-me cookie was not rotated')
          seen.add(value)
        }
      })

      test('should start a normal session with the idle and absolute limits of any session', async () => {
        const { browser, userId } = await rememberedBrowser(app)
        clock.advance(31 * MINUTE)
        const restoredAt = clock.now()
        assert.equal((await browser.request('/private')).status, 200)
        const sessions = await app.gatehouse.database.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).execute()
        assert.equal(sessions.length, 1)
        assert.equal(sessions[0]?.created_at, restoredAt)
        assert.equal(sessions[0]?.expires_at, restoredAt + DAY)
      })

      test('should sign in a POST with a valid CSRF token, as any request', async () => {
        const { browser } = await rememberedBrowser(app)
        await browser.get('/')
        clock.advance(31 * MINUTE)
        const response = await browser.submit('/private', {})
        assert.equal(response.status, 200)
        assert.equal(await response.text(), 'posted')
      })
    })

    describe('a replaced value after the grace window', () => {
      test('should answer anonymously, clear the cookie, and revoke every remember-me token and session of the user', async () => {
        const { browser, user, userId } = await rememberedBrowser(app)
        const other = await secondBrowser(app, user)
        const bystander = await rememberedBrowser(app)
        const stolen = rememberCookieOf(browser)
        clock.advance(31 * MINUTE)
        assert.equal((await browser.request('/private')).status, 200)
        clock.advance(2 * MINUTE)
        const replayed = await requestWithCookie(app, '/private', `${REMEMBER}=${stolen}`)
        assert.equal(replayed.status, 302)
        assert.equal(replayed.headers.get('location'), '/session/new?request_path=%2Fprivate')
        assert.ok(clearsCookie(replayed, REMEMBER))
        assert.deepEqual(replays.slice(-1), [userId])
        assert.deepEqual(await tokenRows(app, userId), [])
        assert.equal(await isSignedIn(browser), false, 'the session restored with the token survived')
        assert.equal(await isSignedIn(other), false)
        assert.equal(await isSignedIn(bystander.browser), true, "another user's session was touched")
        assert.equal((await tokenRows(app, bystander.userId)).length, 1, "another user's token was touched")
      })

      test('should not count a value two rotations old or a forged secret as a replay', async () => {
        const { browser, userId } = await rememberedBrowser(app)
        const first = rememberCookieOf(browser)
        for (let i = 0; i < 2; i++) {
          clock.advance(31 * MINUTE)
          assert.equal((await browser.request('/private')).status, 200)
        }
        const before = replays.length
        const stale = await requestWithCookie(app, '/private', `${REMEMBER}=${first}`)
        assert.equal(stale.status, 302)
        assert.ok(clearsCookie(stale, REMEMBER))
        assert.equal(replays.length, before)
        assert.equal((await tokenRows(app, userId)).length, 1)
        assert.ok(await isSignedIn(browser))
      })
    })

    describe('revocation', () => {
      test('should revoke the browser token on sign-out and clear the cookie', async () => {
        const { browser, userId } = await rememberedBrowser(app)
        const token = rememberCookieOf(browser)
        const response = await browser.signOut()
        assert.equal(response.status, 302)
        assert.ok(clearsCookie(response, REMEMBER))
        assert.equal(browser.cookies.get(REMEMBER), undefined)
        assert.deepEqual(await tokenRows(app, userId), [])
        const replayed = await requestWithCookie(app, '/private', `${REMEMBER}=${token}`)
        assert.equal(replayed.status, 302)
        assert.ok(clearsCookie(replayed, REMEMBER))
      })

      test('should revoke the token on a sign-out whose own request restored the session', async () => {
        const { browser, userId } = await rememberedBrowser(app)
        await browser.get('/')
        clock.advance(31 * MINUTE)
        const response = await browser.submit('/session', {}, { method: 'delete' })
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/session/new')
        assert.equal(browser.cookies.get(REMEMBER), undefined)
        assert.deepEqual(await tokenRows(app, userId), [])
        assert.equal(await isSignedIn(browser), false)
      })

      test("should keep the user's other browsers remembered after one signs out", async () => {
        const { browser, user, userId } = await rememberedBrowser(app)
        const other = await secondBrowser(app, user)
        await browser.signOut()
        assert.equal((await tokenRows(app, userId)).length, 1)
        clock.advance(31 * MINUTE)
        assert.ok(await isSignedIn(other))
      })

      test('should revoke every token of the user on a password change, and clear the changing browser cookie', async () => {
        const { browser, user, userId } = await rememberedBrowser(app)
        const other = await secondBrowser(app, user)
        const bystander = await rememberedBrowser(app)
        await browser.get('/registration/edit')
        const response = await browser.submit(
          '/registration',
          { 'user[email]': user.email, 'user[current_password]': PASSWORD, 'user[password]': NEW_PASSWORD, 'user[password_confirmation]': NEW_PASSWORD },
          { method: 'patch' },
        )
        assert.equal(response.status, 302)
        assert.ok(clearsCookie(response, REMEMBER))
        assert.deepEqual(await tokenRows(app, userId), [])
        assert.ok(await isSignedIn(browser), 'the browser that changed the password was signed out')
        clock.advance(31 * MINUTE)
        assert.equal(await isSignedIn(other), false)
        assert.equal(await isSignedIn(browser), false)
        assert.ok(await isSignedIn(bystander.browser))
      })

      test('should keep the tokens when an update leaves the password alone', async () => {
        const { browser, user, userId } = await rememberedBrowser(app)
        await browser.get('/registration/edit')
        const response = await browser.submit('/registration', { 'user[email]': user.email, 'user[current_password]': PASSWORD }, { method: 'patch' })
        assert.equal(response.status, 302)
        assert.equal(lastSetCookie(response, REMEMBER), undefined)
        assert.equal((await tokenRows(app, userId)).length, 1)
      })

      test('should revoke every token of the user on a password reset (replacePassword)', async () => {
        const { browser, user, userId } = await rememberedBrowser(app)
        await secondBrowser(app, user)
        const token = rememberCookieOf(browser)
        const result = await app.gatehouse.replacePassword({ password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD }, async () => userId)
        assert.equal(result.ok, true)
        assert.deepEqual(await tokenRows(app, userId), [])
        const replayed = await requestWithCookie(app, '/private', `${REMEMBER}=${token}`)
        assert.equal(replayed.status, 302)
        assert.ok(clearsCookie(replayed, REMEMBER))
      })

      test('should revoke every token of the user when their sessions are revoked', async () => {
        const { userId } = await rememberedBrowser(app)
        await app.gatehouse.context.events.emit('sessions.revoked', { userId }, UNKNOWN_ORIGIN)
        assert.deepEqual(await tokenRows(app, userId), [])
      })

      test('should delete the tokens with the user (cascade) and treat the cookie as anonymous', async () => {
        const { browser, userId } = await rememberedBrowser(app)
        const token = rememberCookieOf(browser)
        await browser.get('/registration/edit')
        assert.equal((await browser.submit('/registration', { 'user[current_password]': PASSWORD }, { method: 'delete' })).status, 302)
        assert.deepEqual(await tokenRows(app, userId), [])
        const replayed = await requestWithCookie(app, '/private', `${REMEMBER}=${token}`)
        assert.equal(replayed.status, 302)
        assert.ok(clearsCookie(replayed, REMEMBER))
      })
    })

    describe('expiry', () => {
      test('should stop working 30 days after sign-in even when used the day before, and delete the row', async () => {
        const { browser, userId } = await rememberedBrowser(app)
        clock.advance(29 * DAY)
        const lastDay = await browser.request('/private')
        assert.equal(lastDay.status, 200)
        const line = lastSetCookie(lastDay, REMEMBER)
        assert.ok(line && attributes(line).includes(`max-age=${24 * 60 * 60}`), line)
        clock.advance(DAY)
        const expired = await browser.request('/private')
        assert.equal(expired.status, 302)
        assert.ok(clearsCookie(expired, REMEMBER))
        assert.deepEqual(await tokenRows(app, userId), [])
      })
    })

    describe('forged and malformed remember-me cookies', () => {
      let real: string
      let owner: TestBrowser
      let ownerId: number
      before(async () => {
        const remembered = await rememberedBrowser(app)
        owner = remembered.browser
        ownerId = remembered.userId
        real = rememberCookieOf(owner)
      })

      const forgeries: Array<[string, (real: string) => string]> = [
        ['a random well-formed token', () => `${'x'.repeat(22)}.${'y'.repeat(43)}`],
        ['a real id with a wrong secret', (t) => `${t.slice(0, 23)}${'Z'.repeat(43)}`],
        ['a truncated token', (t) => t.slice(0, -1)],
        ['a token with one more character', (t) => `${t}A`],
        ['a token with an extra part', (t) => `${t}.extra`],
        ['a token without its secret', (t) => t.split('.')[0] ?? ''],
        ['a huge cookie', () => 'h'.repeat(8000)],
        ['Latin-1 characters', () => '\u00e9\u00e8\u00ff'.repeat(10)],
        ['quotes and a backslash', () => 'a"b\\c'],
        ['a malformed percent escape', () => '%E0%A4%A'],
        ['an empty value', () => ''],
      ]

      for (const [name, forge] of forgeries) {
        test(`should treat ${name} as anonymous, clear it, and never answer 500`, async () => {
          const cookie = `${REMEMBER}=${forge(real)}`
          const privatePage = await requestWithCookie(app, '/private', cookie)
          assert.equal(privatePage.status, 302)
          assert.equal(privatePage.headers.get('location'), '/session/new?request_path=%2Fprivate')
          assert.ok(clearsCookie(privatePage, REMEMBER), 'the bad cookie was not cleared')
          assert.equal(lastSetCookie(privatePage, SESSION), undefined, 'a session was started')
          const signIn = await requestWithCookie(app, '/session/new', cookie)
          assert.equal(signIn.status, 200)
        })
      }

      test('should leave the real token untouched after all the forgeries', async () => {
        assert.equal((await tokenRows(app, ownerId)).length, 1)
        assert.equal(rememberCookieOf(owner), real)
        clock.advance(31 * MINUTE)
        assert.ok(await isSignedIn(owner))
      })
    })
  })

  describe('remember-me with other extensions and options', () => {
    const haltsSignIn: GatehouseExtension = {
      name: 'halts_sign_in',
      setup: (api) => ({
        callbacks: {
          'session.create': async (req, result) => {
            if (!result.ok) return
            api.flash(req, { error: 'You must confirm your e-mail address first.' })
            return api.redirect(req, '/session/new')
          },
        },
      }),
    }

    for (const [order, extensions] of [
      ['before', () => [haltsSignIn, rememberMe()]],
      ['after', () => [rememberMe(), haltsSignIn]],
    ] as const) {
      test(`should issue no token when an extension listed ${order} it halts the sign-in`, async () => {
        const app = await createTestApp(dialect, { extensions: extensions() })
        const { browser: registering, user } = await registeredBrowser(app)
        await registering.signOut()
        const response = await signInWithBox(app.browser(), user)
        assert.equal(response.status, 302)
        assert.equal(lastSetCookie(response, REMEMBER), undefined)
        assert.equal(lastSetCookie(response, SESSION), undefined)
        assert.deepEqual(await tokenRows(app, await userIdOf(app, user.email)), [])
      })
    }

    test('should honour a shorter ttlMs and a custom label', async () => {
      const { app } = await rememberedApp(dialect, { ttlMs: 7 * DAY, messages: { rememberMe: 'Keep me signed in' } })
      const html = await (await app.browser().get('/session/new')).text()
      assert.equal(labelFor(html, 'user_persistent_session')?.trim(), 'Keep me signed in')
      const { response } = await rememberedBrowser(app)
      const line = lastSetCookie(response, REMEMBER)
      assert.ok(line && attributes(line).includes(`max-age=${7 * 24 * 60 * 60}`), line)
    })

    describe('on HTTPS', () => {
      let secure: TestApp
      let clock: Clock
      before(async () => {
        ;({ app: secure, clock } = await rememberedApp(dialect, { publicUrl: HTTPS_ORIGIN }))
      })

      test('should name the cookie __Host-gatehouse_remember_me, mark it Secure, and restore from it', async () => {
        const { browser, response } = await rememberedBrowser(secure)
        const line = lastSetCookie(response, `__Host-${REMEMBER}`)
        assert.ok(line, 'no __Host- remember-me cookie')
        const attrs = attributes(line)
        for (const expected of ['secure', 'httponly', 'samesite=lax', 'path=/', `max-age=${THIRTY_DAYS_S}`]) assert.ok(attrs.includes(expected), line)
        assert.ok(!attrs.some((a) => a.startsWith('domain=')), line)
        assert.equal(lastSetCookie(response, REMEMBER), undefined)
        clock.advance(31 * MINUTE)
        assert.ok(await isSignedIn(browser))
      })

      test('should ignore a token under the unprefixed name', async () => {
        const { browser } = await rememberedBrowser(secure)
        const token = rememberCookieOf(browser, `__Host-${REMEMBER}`)
        clock.advance(31 * MINUTE)
        assert.equal((await requestWithCookie(secure, '/private', `${REMEMBER}=${token}`)).status, 302)
        assert.equal((await requestWithCookie(secure, '/private', `__Host-${REMEMBER}=${token}`)).status, 200)
      })
    })
  })
})

describe('rememberMe options', () => {
  for (const [name, options] of [
    ['a zero ttlMs', { ttlMs: 0 }],
    ['a NaN rotationGraceMs', { rotationGraceMs: Number.NaN }],
    ['a negative rotationGraceMs', { rotationGraceMs: -1 }],
    ['a grace as long as the ttl', { ttlMs: MINUTE, rotationGraceMs: MINUTE }],
  ] as const) {
    test(`should refuse ${name} at start-up`, () => {
      assert.throws(() => rememberMe(options), RangeError)
    })
  }
})
