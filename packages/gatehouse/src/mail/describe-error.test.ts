import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { describeMailError } from './describe-error.ts'

describe('describeMailError', () => {
  test('should keep the code and the first line, without any link', () => {
    const error = Object.assign(new Error('Message failed: 554 rejected https://app.test/reset-password/SECRET-TOKEN.\nReset your password: https://app.test/x'), { code: 'EMESSAGE' })
    assert.equal(describeMailError(error), 'EMESSAGE: Message failed: 554 rejected [link removed]')
  })

  test('should drop every piece that shares a word with the mail, whatever the mailer put in its error', () => {
    const html = '<p>Hello Ada, confirm with code 7F3K-QX9Z</p>'
    const error = new Error(`400 invalid html: ${html} (field "html")`)
    assert.equal(describeMailError(error, ['Confirm your address', 'Hello Ada, your code is 7F3K-QX9Z', html]), '400 invalid html: […] (field "html")')
  })

  test('should bound the length and describe values that are not errors', () => {
    assert.equal(describeMailError(new Error('x'.repeat(1000))).length, 301)
    assert.equal(describeMailError('plain string'), 'plain string')
    assert.equal(describeMailError(new Error('')), 'unknown error')
  })
})
