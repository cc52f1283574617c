import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { forEachDialect } from '../../../test/support/dialects.ts'
import { cookieName, createTestApp, fieldError, isSignedIn, registeredBrowser, unescapeHtml } from '../../../test/support/http.ts'
import type { Registrant, TestApp } from '../../../test/support/http.ts'
import type { TestBrowser } from '../../../test/support/browser.ts'
import { invitations, rememberMe, resetPassword } from '../../index.ts'
import { securityPage } from './index.tsx'
import { totpCode, totpStep } from './totp.ts'

/** The clock TOTP windows, the pending step and sessions read; tests move it. */
let now = Date.UTC(2026, 3, 1, 10, 0, 10)
const clock = { now: () => now }
const advance = (ms: number) => void (now += ms)
const REMEMBER = 'gatehouse_remember_me'

const codeAt = (secret: string, at = now) => totpCode(secret, totpStep(at))

/** Sets two-factor up through the pages; answers the key and the recovery codes shown. */
async function turnOn(browser: TestBrowser, password: string): Promise<{ secret: string; codes: string[] }> {
  assert.equal((await browser.get('/security/two-factor/new')).status, 200)
  const secret = /id="two_factor_key"[^>]*>([A-Z2-7]{32})</.exec(browser.lastHtml)?.[1]
  assert.ok(secret, 'the key is shown in text')
  const sealed = /name="two_factor\[secret\]" value="([^"]+)"/.exec(browser.lastHtml)?.[1]
  assert.ok(sealed)
  const response = await browser.submit('/security/two-factor', { 'two_factor[secret]': sealed, 'two_factor[code]': codeAt(secret), 'user[current_password]': password })
  assert.equal(response.status, 200)
  const codes = [...browser.lastHtml.matchAll(/<code>([a-z0-9]{5}-[a-z0-9]{5})<\/code>/g)].map((m) => m[1]!)
  return { secret, codes }
}

/** The password step: answers the response (302 to the second step when two-factor is on). */
async function passwordStep(browser: TestBrowser, user: Registrant, extra: Record<string, string> = {}, requestPath?: string) {
  const query = requestPath ? `?request_path=${encodeURIComponent(requestPath)}` : ''
  await browser.get(`/session/new${query}`)
  return browser.submit(`/session${query}`, { 'user[email]': user.email, 'user[password]': user.password, ...extra })
}

async function secondStep(browser: TestBrowser, code: string, requestPath?: string) {
  const query = requestPath ? `?request_path=${encodeURIComponent(requestPath)}` : ''
  const page = await browser.get(`/session/two-factor${query}`)
  if (page.status !== 200) return page
  return browser.submit(`/session/two-factor${query}`, { 'two_factor[code]': code })
}

forEachDialect((dialect) => {
  describe('security page: two-factor sign-in', () => {
    let app: TestApp
    before(async () => {
      app = await createTestApp(dialect, { clock, extensions: [resetPassword(), rememberMe(), invitations(), securityPage({ issuer: 'Gatehouse Test' })] })
    })
    const userId = async (email: string) => Number((await app.gatehouse.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id)
    const auditTypes = async (email: string) =>
      (await app.gatehouse.database.db.selectFrom('audit_events').select('event_type').where('user_id', '=', await userId(email)).orderBy('id').execute()).map((r) => r.event_type)
    const subjects = async (email: string) => (await app.gatehouse.database.db.selectFrom('mail_outbox').select('subject').where('recipient', '=', email).orderBy('id').execute()).map((r) => r.subject)

    test('should show a server-rendered QR code and the otpauth URI, and refuse a wrong code or password with 422', async () => {
      const { browser, user } = await registeredBrowser(app)
      const anonymous = await app.browser().get('/security/two-factor/new')
      assert.equal(anonymous.status, 302)
      assert.equal((await browser.get('/security/two-factor/new')).status, 200)
      const html = browser.lastHtml
      assert.match(html, /<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/)
      assert.ok(!/<script/i.test(html), 'no JavaScript on the set-up page')
      const secret = /id="two_factor_key"[^>]*>([A-Z2-7]{32})</.exec(html)![1]!
      assert.ok(unescapeHtml(html).includes(`otpauth://totp/Gatehouse%20Test:${user.email}?secret=${secret}&issuer=Gatehouse%20Test`))
      const sealed = /name="two_factor\[secret\]" value="([^"]+)"/.exec(html)![1]!
      assert.ok(!sealed.includes(secret), 'the form carries the key only sealed')

      let response = await browser.submit('/security/two-factor', { 'two_factor[secret]': sealed, 'two_factor[code]': '000000', 'user[current_password]': user.password })
      if (codeAt(secret) !== '000000') {
        assert.equal(response.status, 422)
        assert.ok(fieldError(browser.lastHtml, 'code', 'two_factor'))
      }
      assert.ok(browser.lastHtml.includes(secret), 'the same key is shown again after a wrong code')
      response = await browser.submit('/security/two-factor', { 'two_factor[secret]': sealed, 'two_factor[code]': codeAt(secret), 'user[current_password]': 'not the password' })
      assert.equal(response.status, 422)
      assert.ok(fieldError(browser.lastHtml, 'current_password'))
      // A key sealed for someone else (or altered) is not accepted.
      response = await browser.submit('/security/two-factor', { 'two_factor[secret]': `${sealed}x`, 'two_factor[code]': codeAt(secret), 'user[current_password]': user.password })
      assert.equal(response.status, 422)
      assert.equal(await app.gatehouse.database.db.selectFrom('security_two_factors' as never).selectAll().where('user_id' as never, '=', (await userId(user.email)) as never).executeTakeFirst(), undefined)
    })

    test('should turn on with a current code and password: 10 recovery codes shown once, hashed at rest, key sealed, mail and audit', async () => {
      const { browser, user } = await registeredBrowser(app)
      const { secret, codes } = await turnOn(browser, user.password)
      assert.equal(codes.length, 10)
      assert.equal(new Set(codes).size, 10)
      const id = await userId(user.email)
      const db = app.gatehouse.database.db
      const stored = JSON.stringify(await db.selectFrom('security_recovery_codes' as never).selectAll().where('user_id' as never, '=', id as never).execute())
      for (const code of codes) assert.ok(!stored.includes(code) && !stored.includes(code.replace('-', '')), 'a recovery code is stored in clear')
      const factor = JSON.stringify(await db.selectFrom('security_two_factors' as never).selectAll().where('user_id' as never, '=', id as never).execute())
      assert.ok(!factor.includes(secret), 'the key is stored in clear')
      assert.ok((await auditTypes(user.email)).includes('two_factor.enabled'))
      assert.ok((await subjects(user.email)).includes('Two-factor sign-in was turned on'))
      await browser.get('/security')
      assert.ok(browser.lastHtml.includes('data-two-factor="on"'))
      assert.ok(!browser.lastHtml.includes(codes[0]!), 'the codes are not shown again')
    })

    test('should hold a correct password until a valid code, keep request_path, and refuse a replayed code', async () => {
      const { browser, user } = await registeredBrowser(app)
      const { secret } = await turnOn(browser, user.password)
      await browser.signOut()
      // The code that turned it on is spent: its window must pass first.
      assert.equal((await passwordStep(browser, user)).status, 302)
      assert.equal((await secondStep(browser, codeAt(secret))).status, 422, 'the set-up code replayed')
      advance(30_000)

      let response = await passwordStep(browser, user, {}, '/private')
      assert.equal(response.status, 302)
      assert.equal(response.headers.get('location'), '/session/two-factor?request_path=%2Fprivate')
      assert.equal(await isSignedIn(browser), false, 'not signed in after the password alone')
      assert.equal(browser.cookies.has(cookieName('session')), false)

      response = await secondStep(browser, codeAt(secret) === '123456' ? '654321' : '123456', '/private')
      assert.equal(response.status, 422)
      assert.ok(fieldError(browser.lastHtml, 'code', 'two_factor'))
      const code = codeAt(secret)
      response = await secondStep(browser, code, '/private')
      assert.equal(response.status, 302)
      assert.equal(response.headers.get('location'), '/private')
      assert.equal(await isSignedIn(browser), true)
      assert.ok((await auditTypes(user.email)).includes('sign_in.succeeded'))

      // The same code, in the same window, from another sign-in: refused.
      const other = app.browser()
      assert.equal((await passwordStep(other, user)).status, 302)
      assert.equal((await secondStep(other, code)).status, 422)
      advance(30_000)
      response = await secondStep(other, codeAt(secret))
      assert.equal(response.status, 302)
      assert.equal(response.headers.get('location'), '/')
    })

    test('should take each recovery code once', async () => {
      const { browser, user } = await registeredBrowser(app)
      const { codes } = await turnOn(browser, user.password)
      await browser.signOut()
      assert.equal((await passwordStep(browser, user)).status, 302)
      assert.equal((await secondStep(browser, codes[3]!.toUpperCase())).status, 302, 'case is forgiven')
      assert.ok((await auditTypes(user.email)).includes('recovery_code.used'))
      await browser.signOut()
      assert.equal((await passwordStep(browser, user)).status, 302)
      assert.equal((await secondStep(browser, codes[3]!)).status, 422, 'a used code')
      await browser.get('/session/two-factor')
      assert.equal((await secondStep(browser, codes[4]!)).status, 302)
    })

    test('should expire the pending step after 5 minutes and bind it to the browser', async () => {
      const { browser, user } = await registeredBrowser(app)
      const { secret } = await turnOn(browser, user.password)
      await browser.signOut()
      assert.equal((await passwordStep(browser, user)).status, 302)
      // Another browser has no pending step: the cookie is the binding.
      const stranger = app.browser()
      const strangerPage = await stranger.get('/session/two-factor')
      assert.equal(strangerPage.status, 302)
      assert.equal(strangerPage.headers.get('location'), '/session/new')
      const copied = app.browser()
      for (const [name, value] of browser.cookies) if (name !== 'gatehouse_two_factor') copied.cookies.set(name, value)
      assert.equal((await copied.get('/session/two-factor')).status, 302)

      advance(5 * 60_000)
      await browser.get('/session/new')
      const late = await browser.submit('/session/two-factor', { 'two_factor[code]': codeAt(secret) })
      assert.equal(late.status, 302)
      assert.equal(late.headers.get('location'), '/session/new')
      assert.equal(await isSignedIn(browser), false)
    })

    test('should send the person back to sign in after 5 wrong codes, and rate limit codes per pending step', async () => {
      const { browser, user } = await registeredBrowser(app)
      const { secret } = await turnOn(browser, user.password)
      await browser.signOut()
      assert.equal((await passwordStep(browser, user)).status, 302)
      const wrong = codeAt(secret) === '111111' ? '222222' : '111111'
      for (let i = 1; i < 5; i++) assert.equal((await secondStep(browser, wrong)).status, 422, `wrong code ${i}`)
      const fifth = await browser.submit('/session/two-factor', { 'two_factor[code]': wrong })
      assert.equal(fifth.status, 302)
      assert.equal(fifth.headers.get('location'), '/session/new')
      assert.ok((await auditTypes(user.email)).includes('two_factor.locked_out'))
      await browser.get('/session/new')
      assert.equal((await browser.submit('/session/two-factor', { 'two_factor[code]': codeAt(secret) })).status, 302, 'the step is gone')
      assert.equal(await isSignedIn(browser), false)
    })

    test('should issue the remember-me token only once the second factor is done', async () => {
      const { browser, user } = await registeredBrowser(app)
      const { secret } = await turnOn(browser, user.password)
      await browser.signOut()
      advance(30_000)
      assert.equal((await passwordStep(browser, user, { 'user[persistent_session]': 'true' })).status, 302)
      assert.equal(browser.cookies.has(REMEMBER), false, 'no remember-me token after the password alone')
      assert.equal((await secondStep(browser, codeAt(secret))).status, 302)
      assert.equal(browser.cookies.has(REMEMBER), true)
    })

    test('should not let a password reset bypass it: the reset signs nobody in, the new password still needs a code', async () => {
      const { browser, user } = await registeredBrowser(app)
      const { secret } = await turnOn(browser, user.password)
      await browser.signOut()
      const resetter = app.browser()
      await resetter.get('/reset-password/new')
      assert.equal((await resetter.submit('/reset-password', { 'user[email]': user.email })).status, 302)
      await app.gatehouse.idle()
      const mail = await app.gatehouse.database.db.selectFrom('mail_outbox').select('text_body').where('recipient', '=', user.email).where('subject', '=', 'Reset password link').executeTakeFirstOrThrow()
      const token = /\/reset-password\/([A-Za-z0-9_-]+)/.exec(mail.text_body ?? '')?.[1]
      assert.ok(token)
      await resetter.get(`/reset-password/${token}`)
      const newPassword = 'a brand new passphrase'
      const reset = await resetter.submit(`/reset-password/${token}`, { 'user[password]': newPassword, 'user[password_confirmation]': newPassword }, { method: 'patch' })
      assert.equal(reset.status, 302)
      assert.equal(reset.headers.get('location'), '/session/new')
      assert.equal(await isSignedIn(resetter), false)
      const signIn = await passwordStep(resetter, { ...user, password: newPassword })
      assert.equal(signIn.headers.get('location'), '/session/two-factor')
      advance(30_000)
      assert.equal((await secondStep(resetter, codeAt(secret))).status, 302)
      assert.equal(await isSignedIn(resetter), true)
    })

    test('should hold core sign-ins too: a password alone is second_factor_required', async () => {
      const { browser, user } = await registeredBrowser(app)
      await turnOn(browser, user.password)
      const result = await app.gatehouse.signIn({ email: user.email, password: user.password })
      assert.equal(result.ok, false)
      assert.ok(!result.ok && result.reason === 'held' && result.hold.reason === 'second_factor_required')
    })

    test('should turn off and regenerate only with the current password, mailing and auditing each', async () => {
      const { browser, user } = await registeredBrowser(app)
      const { codes } = await turnOn(browser, user.password)
      await browser.get('/security')
      let response = await browser.submit('/security/two-factor/recovery-codes', { 'user[current_password]': 'wrong password here' })
      assert.equal(response.status, 422)
      assert.ok(fieldError(browser.lastHtml, 'current_password', 'regenerate'))
      response = await browser.submit('/security/two-factor/recovery-codes', { 'user[current_password]': user.password })
      assert.equal(response.status, 200)
      const fresh = [...browser.lastHtml.matchAll(/<code>([a-z0-9]{5}-[a-z0-9]{5})<\/code>/g)].map((m) => m[1]!)
      assert.equal(fresh.length, 10)
      assert.ok(!fresh.includes(codes[0]!))
      assert.ok((await subjects(user.email)).includes('New recovery codes were generated'))

      await browser.get('/security')
      response = await browser.submit('/security/two-factor', { 'user[current_password]': 'wrong password here' }, { method: 'delete' })
      assert.equal(response.status, 422)
      assert.ok(fieldError(browser.lastHtml, 'current_password', 'disable'))
      response = await browser.submit('/security/two-factor', { 'user[current_password]': user.password }, { method: 'delete' })
      assert.equal(response.status, 302)
      assert.ok((await subjects(user.email)).includes('Two-factor sign-in was turned off'))
      const types = await auditTypes(user.email)
      assert.ok(types.includes('recovery_codes.regenerated') && types.includes('two_factor.disabled'))
      await browser.signOut()
      const signIn = await passwordStep(browser, user)
      assert.equal(signIn.headers.get('location'), '/', 'no second step once it is off')
    })
  })
})
