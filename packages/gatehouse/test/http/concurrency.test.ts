import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import type { TestBrowser } from '../support/browser.ts'
import { PASSWORD } from '../support/core.ts'
import { forEachDialect } from '../support/dialects.ts'
import { countRows, fieldError, registeredBrowser, unique } from '../support/http.ts'
import type { TestApp } from '../support/http.ts'
import { createTestApp } from '../support/http.ts'

const RACERS = 50

forEachDialect((dialect) => {
  describe('concurrent requests over HTTP', () => {
    let app: TestApp
    before(async () => {
      app = await createTestApp(dialect)
    })

    /** `count` browsers, each on the registration page with its own fresh CSRF token. */
    async function browsersOnRegistrationPage(count: number): Promise<TestBrowser[]> {
      const browsers = Array.from({ length: count }, () => app.browser())
      await Promise.all(browsers.map((browser) => browser.get('/registration/new')))
      return browsers
    }

    async function race(browsers: TestBrowser[], fields: (i: number) => Record<string, string>) {
      const responses = await Promise.all(browsers.map((browser, i) => browser.submit('/registration', fields(i))))
      return Promise.all(responses.map(async (response) => ({ status: response.status, html: await response.text() })))
    }

    function registrationFields(email: string, accountName: string) {
      return { 'user[email]': email, 'user[password]': PASSWORD, 'user[password_confirmation]': PASSWORD, 'user[account_name]': accountName }
    }

    test(`should let exactly one of ${RACERS} simultaneous registrations of one account name through`, async () => {
      const name = `Contested ${unique()}`
      const prefix = unique('racer')
      const browsers = await browsersOnRegistrationPage(RACERS)
      const accountsBefore = await countRows(app.gatehouse, 'accounts')
      const usersBefore = await countRows(app.gatehouse, 'users')
      const results = await race(browsers, (i) => registrationFields(`${prefix}-${i}@example.com`, name))

      const statuses = results.map((r) => r.status)
      assert.equal(statuses.filter((s) => s >= 500).length, 0, `5xx answers: ${statuses.join(',')}`)
      assert.equal(statuses.filter((s) => s === 302).length, 1, `statuses: ${statuses.join(',')}`)
      const refused = results.filter((r) => r.status === 422)
      assert.equal(refused.length, RACERS - 1)
      for (const { html } of refused) assert.equal(fieldError(html, 'account_name'), 'has already been taken')

      const accounts = await app.gatehouse.database.db.selectFrom('accounts').select('id').where('name', '=', name).execute()
      assert.equal(accounts.length, 1, 'the account name exists more than once')
      assert.equal(await countRows(app.gatehouse, 'accounts'), accountsBefore + 1)
      assert.equal(await countRows(app.gatehouse, 'users'), usersBefore + 1, 'a losing registration left a user behind')

      // The winner, and only the winner, is signed in.
      const signedIn = await Promise.all(browsers.map(async (browser) => (await browser.request('/private')).status === 200))
      assert.equal(signedIn.filter(Boolean).length, 1)
      assert.equal(signedIn.indexOf(true), statuses.indexOf(302))
    })

    test('should treat account names differing only in case and spaces as one name under a race', async () => {
      const base = `Variant ${unique()}`
      const variants = [base, base.toUpperCase(), `  ${base.toLowerCase()}  `, base.replace(' ', '   ')]
      const browsers = await browsersOnRegistrationPage(20)
      const prefix = unique('variant')
      const results = await race(browsers, (i) => registrationFields(`${prefix}-${i}@example.com`, variants[i % variants.length] ?? base))
      assert.equal(results.filter((r) => r.status === 302).length, 1)
      assert.equal(results.filter((r) => r.status === 422 && fieldError(r.html, 'account_name') === 'has already been taken').length, 19)
    })

    test('should let exactly one of 20 simultaneous registrations of one email through', async () => {
      const email = `${unique('same')}@example.com`
      const browsers = await browsersOnRegistrationPage(20)
      const usersBefore = await countRows(app.gatehouse, 'users')
      const accountsBefore = await countRows(app.gatehouse, 'accounts')
      const results = await race(browsers, (i) => registrationFields(i % 2 === 0 ? email : email.toUpperCase(), `Email race ${unique()}`))
      assert.equal(results.filter((r) => r.status === 302).length, 1)
      const refused = results.filter((r) => r.status === 422)
      assert.equal(refused.length, 19)
      for (const { html } of refused) assert.equal(fieldError(html, 'email'), 'has already been taken')
      assert.equal(await countRows(app.gatehouse, 'users'), usersBefore + 1)
      assert.equal(await countRows(app.gatehouse, 'accounts'), accountsBefore + 1, 'a losing registration left its account behind')
    })

    test('should give each of 10 simultaneous sign-ins of one user its own working session', async () => {
      const { browser: owner, user } = await registeredBrowser(app)
      await owner.signOut()
      const browsers = Array.from({ length: 10 }, () => app.browser())
      await Promise.all(browsers.map((browser) => browser.get('/session/new')))
      const responses = await Promise.all(browsers.map((browser) => browser.submit('/session', { 'user[email]': user.email, 'user[password]': user.password })))
      assert.deepEqual(
        responses.map((r) => r.status),
        responses.map(() => 302),
      )
      const cookies = new Set(browsers.map((browser) => browser.cookies.get('gatehouse_session')))
      assert.equal(cookies.size, 10)
      for (const browser of browsers) assert.equal((await browser.request('/private')).status, 200)
    })
  })
})
