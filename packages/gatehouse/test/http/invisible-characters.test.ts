import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { PASSWORD } from '../support/core.ts'
import { forEachDialect } from '../support/dialects.ts'
import { countAll, createTestApp, fieldError, newRegistrant, registeredBrowser, unique } from '../support/http.ts'
import { hasInvisibleCharacters } from '../../src/validation/invisible-characters.ts'

/** Zero-width, bidi and other invisible characters, each inside an otherwise fine value. */
const INVISIBLE = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u202E', '\u202A', '\u2066', '\u2069', '\u200E', '\u061C', '\u3164', '\u2028']

describe('hasInvisibleCharacters', () => {
  test('should find every invisible or bidi control character, and pass visible Unicode', () => {
    for (const character of INVISIBLE) assert.ok(hasInvisibleCharacters(`Ac${character}me`), `U+${character.codePointAt(0)?.toString(16)}`)
    for (const visible of ['Acme', 'Ünïcödé Ltd', 'ｱｸﾐ', '北京 Café', 'Zoë & Co.']) assert.equal(hasInvisibleCharacters(visible), false, visible)
  })
})

forEachDialect((dialect) => {
  describe('invisible characters in names and emails', () => {
    test('should refuse an account name or an email holding one with has invalid format, registering nothing', async () => {
      const app = await createTestApp(dialect)
      const name = `Acme ${unique()}`
      await registeredBrowser(app, { account_name: name })
      const before = await countAll(app.gatehouse)
      for (const character of INVISIBLE) {
        const lookalike = app.browser()
        const response = await lookalike.register(newRegistrant({ account_name: `${name.slice(0, 2)}${character}${name.slice(2)}` }))
        assert.equal(response.status, 422, `account name with U+${character.codePointAt(0)?.toString(16)}`)
        assert.equal(fieldError(lookalike.lastHtml, 'account_name'), 'has invalid format')
        const badEmail = app.browser()
        assert.equal((await badEmail.register(newRegistrant({ email: `ada${character}${unique()}@example.com` }))).status, 422)
        assert.equal(fieldError(badEmail.lastHtml, 'email'), 'has invalid format')
      }
      assert.deepEqual(await countAll(app.gatehouse), before)
    })

    test('should refuse one in a renamed account or a changed email on the edit form', async () => {
      const app = await createTestApp(dialect)
      const { browser, user } = await registeredBrowser(app)
      await browser.get('/registration/edit')
      const response = await browser.submit(
        '/registration',
        { 'user[email]': user.email.replace('@', '\u202E@'), 'user[account_name]': 'Ac\u200Bme', 'user[current_password]': PASSWORD },
        { method: 'patch' },
      )
      assert.equal(response.status, 422)
      assert.equal(fieldError(browser.lastHtml, 'account_name'), 'has invalid format')
      assert.equal(fieldError(browser.lastHtml, 'email'), 'has invalid format')
    })
  })
})
