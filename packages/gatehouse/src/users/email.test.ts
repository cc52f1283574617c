import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { FieldErrorsBuilder } from '../validation/field-errors.ts'
import { checkEmail, EMAIL_MAX_LENGTH, isValidEmail, normalizeEmail } from './email.ts'

describe('normalizeEmail', () => {
  test('should trim and lower-case', () => {
    assert.equal(normalizeEmail('  Ada@Example.COM \n'), 'ada@example.com')
    assert.equal(normalizeEmail('\tBOB@EXAMPLE.ORG'), 'bob@example.org')
  })

  test('should compose Unicode (NFC) so that one address has one spelling', () => {
    const decomposed = 'Jose\u0301@example.com' // e + combining acute accent
    assert.equal(normalizeEmail(decomposed), 'jos\u00e9@example.com')
    assert.equal(normalizeEmail(decomposed), normalizeEmail('JOS\u00c9@example.com'))
  })

  test('should leave an already normalised address unchanged', () => {
    assert.equal(normalizeEmail('ada@example.com'), 'ada@example.com')
    assert.equal(normalizeEmail(''), '')
  })
})

describe('isValidEmail', () => {
  const good = [
    'ada@example.com',
    'a@b',
    'first.last@example.co.uk',
    'user+tag@example.com',
    "o'brien@example.ie",
    'x_y-z@sub-domain.example.com',
    '1234567890@123.example',
    'jos\u00e9@example.com',
    'user@b\u00fccher.example',
    `${'l'.repeat(64)}@example.com`,
  ]
  for (const email of good) {
    test(`should accept ${JSON.stringify(email)}`, () => assert.equal(isValidEmail(email), true))
  }

  const bad: Array<[string, string]> = [
    ['', 'empty'],
    ['ada', 'no @'],
    ['ada.example.com', 'no @ with dots'],
    ['ada@@example.com', 'two @ in a row'],
    ['ada@home@example.com', 'two @'],
    ['@example.com', 'empty local part'],
    ['ada@', 'empty domain'],
    ['.ada@example.com', 'leading dot'],
    ['ada.@example.com', 'trailing dot in local part'],
    ['a..da@example.com', 'two dots in local part'],
    ['ada@.example.com', 'leading dot in domain'],
    ['ada@example..com', 'empty domain label'],
    ['ada@example.com.', 'trailing dot in domain'],
    ['ada@-example.com', 'label starting with a hyphen'],
    ['ada@example-.com', 'label ending with a hyphen'],
    ['ada@exam_ple.com', 'underscore in domain'],
    ['ada lovelace@example.com', 'space'],
    ['ada@exa mple.com', 'space in domain'],
    ['ada\u0000@example.com', 'NUL byte in local part'],
    ['ada@example.com\u0000', 'NUL byte in domain'],
    ['ada\n@example.com', 'newline'],
    ['"ada"@example.com', 'quoted local part'],
    ['<ada@example.com>', 'angle brackets'],
    ['ada@[127.0.0.1]', 'address literal'],
    [`${'l'.repeat(65)}@example.com`, 'local part over 64 characters'],
    [`ada@${'d'.repeat(64)}.com`, 'domain label over 63 characters'],
    ['Ada@Example.com', 'not normalised (upper-case domain)'],
  ]
  for (const [email, why] of bad) {
    test(`should refuse ${JSON.stringify(email.slice(0, 40))} (${why})`, () => assert.equal(isValidEmail(email), false))
  }

  test('should accept exactly 254 characters and refuse 255', () => {
    const domain = (last: number) => `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(last)}`
    const at254 = `${'l'.repeat(64)}@${domain(61)}`
    const at255 = `${'l'.repeat(64)}@${domain(62)}`
    assert.equal(EMAIL_MAX_LENGTH, 254)
    assert.equal(at254.length, 254)
    assert.equal(isValidEmail(at254), true)
    assert.equal(at255.length, 255)
    assert.equal(isValidEmail(at255), false)
    assert.equal(isValidEmail(`ada@${'a'.repeat(10_000)}.com`), false)
  })
})

describe('checkEmail', () => {
  const check = (email: string) => {
    const errors = new FieldErrorsBuilder<'email'>()
    checkEmail(errors, email)
    return errors.errors
  }

  test('should add blank for an empty email, invalid_format for a bad one and nothing for a good one', () => {
    assert.deepEqual(check(''), { email: [{ code: 'blank' }] })
    assert.deepEqual(check('nope'), { email: [{ code: 'invalid_format' }] })
    assert.deepEqual(check('ada@example.com'), {})
  })
})
