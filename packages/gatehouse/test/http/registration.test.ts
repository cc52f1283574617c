import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { PASSWORD } from '../support/core.ts'
import { forEachDialect } from '../support/dialects.ts'
import {
  alerts,
  countAll,
  csrfTokensIn,
  fieldError,
  findAccount,
  findUserByEmail,
  formActions,
  FORM,
  inputNamed,
  labelFor,
  linkHrefs,
  newRegistrant,
  registeredBrowser,
  unescapeHtml,
  unique,
} from '../support/http.ts'
import type { TestApp } from '../support/http.ts'
import { createTestApp } from '../support/http.ts'

const FORM_ALERT = 'Oops, something went wrong! Please check the errors below.'

forEachDialect((dialect) => {
  describe('registration over HTTP', () => {
    let app: TestApp
    before(async () => {
      app = await createTestApp(dialect)
    })

    /** Submits the registration form with these fields and asserts nothing was written. */
    async function refusedRegistration(fields: Record<string, string>) {
      const browser = app.browser()
      await browser.get('/registration/new')
      const before = await countAll(app.gatehouse)
      const response = await browser.submit('/registration', fields)
      const html = await response.text()
      assert.equal(response.status, 422, html.slice(0, 300))
      assert.deepEqual(await countAll(app.gatehouse), before, 'a refused registration wrote to the database')
      assert.ok(alerts(html).includes(FORM_ALERT), 'the form alert is missing')
      assert.equal(browser.cookies.has('gatehouse_session'), false, 'a refused registration signed the browser in')
      return html
    }

    function fields(overrides: Record<string, string> = {}) {
      const r = newRegistrant()
      return {
        'user[email]': r.email,
        'user[password]': r.password,
        'user[password_confirmation]': r.password,
        'user[account_name]': r.account_name,
        ...overrides,
      }
    }

    describe('GET /registration/new', () => {
      test('should answer 200 with the four user fields, labelled, and a CSRF token', async () => {
        const browser = app.browser()
        const response = await browser.get('/registration/new')
        assert.equal(response.status, 200)
        const html = browser.lastHtml
        const expected = { 'user[email]': 'email', 'user[password]': 'password', 'user[password_confirmation]': 'password', 'user[account_name]': 'text' }
        for (const [name, type] of Object.entries(expected)) {
          const input = inputNamed(html, name)
          assert.ok(input, `missing ${name}`)
          assert.equal(input.type, type, `${name} type`)
          assert.ok(input.id, `${name} has no id`)
          assert.ok(labelFor(html, input.id), `${name} has no label tied to it`)
          assert.ok(input.autocomplete, `${name} has no autocomplete attribute`)
        }
        assert.equal(inputNamed(html, 'user[password]')?.autocomplete, 'new-password')
        const [token] = csrfTokensIn(html)
        assert.ok(token && token.length >= 40, 'no CSRF token in the form')
        assert.deepEqual(formActions(html), ['/registration'])
      })

      test('should carry request_path in the form action and in the link to sign-in', async () => {
        const browser = app.browser()
        await browser.get('/registration/new?request_path=%2Fprivate%3Ftab%3Da%26b%3D1')
        const encoded = '%2Fprivate%3Ftab%3Da%26b%3D1'
        assert.ok(formActions(browser.lastHtml).includes(`/registration?request_path=${encoded}`), formActions(browser.lastHtml).join())
        assert.ok(linkHrefs(browser.lastHtml).includes(`/session/new?request_path=${encoded}`), linkHrefs(browser.lastHtml).join())
      })

      test('should link to the sign-in page without request_path when there is none', async () => {
        const browser = app.browser()
        await browser.get('/registration/new')
        assert.ok(linkHrefs(browser.lastHtml).includes('/session/new'))
        assert.ok(!browser.lastHtml.includes('request_path'))
      })
    })

    describe('POST /registration', () => {
      test('should create the account and its owner, sign in, and redirect to /', async () => {
        const user = newRegistrant({ email: `  ${unique('Ada').toUpperCase()}@Example.COM `, account_name: `  Engines ${unique()}  ` })
        const browser = app.browser()
        const before = await countAll(app.gatehouse)
        const response = await browser.register(user)
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/')
        const email = user.email.trim().toLowerCase()
        const stored = await findUserByEmail(app.gatehouse, email)
        assert.ok(stored, 'the user was not stored with its normalised email')
        assert.equal(stored.role, 'owner')
        const account = await findAccount(app.gatehouse, stored.account_id)
        assert.equal(account?.name, user.account_name.trim())
        const after = await countAll(app.gatehouse)
        assert.equal(after.accounts, before.accounts + 1)
        assert.equal(after.users, before.users + 1)

        const page = await browser.get('/private')
        assert.equal(page.status, 200)
        assert.ok(unescapeHtml(browser.lastHtml).includes(`Welcome ${email} of ${user.account_name.trim()}`), browser.lastHtml)
      })

      test('should redirect to a safe request_path after registering', async () => {
        const browser = app.browser()
        const response = await browser.register(newRegistrant(), '/private?tab=a&b=1')
        assert.equal(response.status, 302)
        assert.equal(response.headers.get('location'), '/private?tab=a&b=1')
        assert.equal((await browser.get('/private?tab=a&b=1')).status, 200)
      })

      test('should accept a multipart/form-data registration', async () => {
        const browser = app.browser()
        await browser.get('/registration/new')
        const user = newRegistrant()
        const body = new FormData()
        body.set('user[email]', user.email)
        body.set('user[password]', user.password)
        body.set('user[password_confirmation]', user.password)
        body.set('user[account_name]', user.account_name)
        body.set('_csrf_token', browser.csrfToken())
        const response = await browser.request('/registration', { method: 'POST', body })
        assert.equal(response.status, 302)
        assert.ok(await findUserByEmail(app.gatehouse, user.email))
      })
    })

    describe('validation errors', () => {
      const cases: Array<{ name: string; overrides: Record<string, string>; field: string; message: string }> = [
        { name: 'a blank email', overrides: { 'user[email]': '   ' }, field: 'email', message: "can't be blank" },
        { name: 'a malformed email', overrides: { 'user[email]': 'not-an-email' }, field: 'email', message: 'has invalid format' },
        { name: 'a blank password', overrides: { 'user[password]': '', 'user[password_confirmation]': '' }, field: 'password', message: "can't be blank" },
        { name: 'an 11-character password', overrides: { 'user[password]': 'Short9Pass!', 'user[password_confirmation]': 'Short9Pass!' }, field: 'password', message: 'should be at least 12 character(s)' },
        {
          name: 'a 1025-character password',
          overrides: { 'user[password]': `Zq9${'y'.repeat(1022)}`, 'user[password_confirmation]': `Zq9${'y'.repeat(1022)}` },
          field: 'password',
          message: 'should be at most 1024 character(s)',
        },
        { name: 'a confirmation that differs', overrides: { 'user[password_confirmation]': 'Different-Secret-42' }, field: 'password_confirmation', message: 'does not match confirmation' },
        { name: 'a blank account name', overrides: { 'user[account_name]': '  ' }, field: 'account_name', message: "can't be blank" },
        { name: 'a 101-character account name', overrides: { 'user[account_name]': 'N'.repeat(101) }, field: 'account_name', message: 'should be at most 100 character(s)' },
      ]

      for (const { name, overrides, field, message } of cases) {
        test(`should answer 422 with "${message}" on ${field} and write nothing for ${name}`, async () => {
          const submitted: Record<string, string> = fields(overrides)
          const html = await refusedRegistration(submitted)
          assert.equal(fieldError(html, field), message)
          const input = inputNamed(html, `user[${field}]`)
          assert.equal(input?.['aria-invalid'], 'true', 'the field is not marked invalid')
          assert.ok((input?.['aria-describedby'] ?? '').split(' ').includes(`user_${field}_error`), 'the error is not tied to its field')
          const password = submitted['user[password]']
          if (password) assert.ok(!html.includes(password) && !unescapeHtml(html).includes(password), 'the password was echoed back')
          const confirmation = submitted['user[password_confirmation]']
          if (confirmation) assert.ok(!unescapeHtml(html).includes(confirmation), 'the confirmation was echoed back')
          for (const echoed of ['email', 'account_name']) {
            assert.equal(inputNamed(html, `user[${echoed}]`)?.value, submitted[`user[${echoed}]`], `${echoed} was not echoed`)
          }
          assert.equal(inputNamed(html, 'user[password]')?.value, undefined)
          assert.equal(inputNamed(html, 'user[password_confirmation]')?.value, undefined)
        })
      }

      test('should report every blank field at once for an empty form', async () => {
        const html = await refusedRegistration({})
        assert.equal(fieldError(html, 'email'), "can't be blank")
        assert.equal(fieldError(html, 'password'), "can't be blank")
        assert.equal(fieldError(html, 'account_name'), "can't be blank")
      })

      test('should answer 422 "has already been taken" for an email registered in another case and with spaces', async () => {
        const { user } = await registeredBrowser(app)
        const html = await refusedRegistration(fields({ 'user[email]': `  ${user.email.toUpperCase()} ` }))
        assert.equal(fieldError(html, 'email'), 'has already been taken')
        assert.equal(inputNamed(html, 'user[email]')?.value, `  ${user.email.toUpperCase()} `)
        assert.ok(!html.includes(PASSWORD))
      })

      test('should answer 422 "has already been taken" for an account name that differs only in case and spaces', async () => {
        const { user } = await registeredBrowser(app, { account_name: `Acme Works ${unique()}` })
        const variant = `   ${user.account_name.toUpperCase()}  `
        const html = await refusedRegistration(fields({ 'user[account_name]': variant }))
        assert.equal(fieldError(html, 'account_name'), 'has already been taken')
        assert.equal(inputNamed(html, 'user[account_name]')?.value, variant)
      })

      test('should keep request_path in the form action of the re-rendered form', async () => {
        const browser = app.browser()
        await browser.get('/registration/new?request_path=%2Fprivate')
        const response = await browser.submit('/registration?request_path=%2Fprivate', fields({ 'user[email]': '' }))
        assert.equal(response.status, 422)
        assert.ok(formActions(browser.lastHtml).includes('/registration?request_path=%2Fprivate'))
        assert.ok(linkHrefs(browser.lastHtml).includes('/session/new?request_path=%2Fprivate'))
      })
    })

    describe('malformed input', () => {
      test('should answer 422, not 500, for user[email][]=x', async () => {
        const submitted = fields()
        delete (submitted as Record<string, string>)['user[email]']
        const html = await refusedRegistration({ ...submitted, 'user[email][]': 'x@example.com' })
        assert.equal(fieldError(html, 'email'), "can't be blank")
      })

      test('should use the last value of a duplicated field, without a 500', async () => {
        const browser = app.browser()
        await browser.get('/registration/new')
        const first = newRegistrant()
        const last = newRegistrant()
        const body = new URLSearchParams([
          ['user[email]', first.email],
          ['user[email]', last.email],
          ['user[password]', PASSWORD],
          ['user[password_confirmation]', PASSWORD],
          ['user[account_name]', first.account_name],
          ['user[account_name]', last.account_name],
          ['_csrf_token', browser.csrfToken()],
        ])
        const response = await browser.request('/registration', { method: 'POST', headers: FORM, body: body.toString() })
        assert.equal(response.status, 302)
        assert.equal(await findUserByEmail(app.gatehouse, first.email), undefined)
        assert.ok(await findUserByEmail(app.gatehouse, last.email))
      })

      test('should answer 422 with blank fields, not 500, for a JSON body with a valid CSRF header', async () => {
        const browser = app.browser()
        await browser.get('/registration/new')
        const before = await countAll(app.gatehouse)
        const user = newRegistrant()
        const response = await browser.request('/registration', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': browser.csrfToken() },
          body: JSON.stringify({ user }),
        })
        const html = await response.text()
        assert.equal(response.status, 422)
        assert.equal(fieldError(html, 'email'), "can't be blank")
        assert.deepEqual(await countAll(app.gatehouse), before)
      })

      test('should answer 403, not 500, for a text/plain body without a CSRF header', async () => {
        const browser = app.browser()
        await browser.get('/registration/new')
        const response = await browser.request('/registration', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'user[email]=a@example.com' })
        assert.equal(response.status, 403)
      })

      test('should answer 422, not 500, for NUL and control characters in the email and account name', async () => {
        const html = await refusedRegistration(fields({ 'user[email]': 'nul\u0000@example.com', 'user[account_name]': 'Bad\u0000Name' }))
        assert.equal(fieldError(html, 'email'), 'has invalid format')
        assert.equal(fieldError(html, 'account_name'), 'has invalid format')
      })

      test('should answer 422, not 500, for malformed percent-escapes and invalid UTF-8 in the body', async () => {
        const browser = app.browser()
        await browser.get('/registration/new')
        const before = await countAll(app.gatehouse)
        const body = `user%5Bemail%5D=%E0%A4%A&user%5Baccount_name%5D=%FF%FE&user%5Bpassword%5D=%ZZ&_csrf_token=${browser.csrfToken()}`
        const response = await browser.request('/registration', { method: 'POST', headers: FORM, body })
        assert.equal(response.status, 422)
        assert.deepEqual(await countAll(app.gatehouse), before)
      })
    })
  })
})
