import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { isCommonPassword } from './common-passwords.ts'

describe('isCommonPassword', () => {
  test('should find passwords of the shipped list, in any case', () => {
    for (const password of ['passwordpassword', 'PasswordPassword', 'qwerty123456', '123456789012', '1qaz2wsx3edc', 'password']) {
      assert.equal(isCommonPassword(password), true, password)
    }
  })

  test('should not flag an uncommon passphrase', () => {
    for (const password of ['correct horse battery staple', 'a brand new passphrase', 'passwordpassword!x9']) assert.equal(isCommonPassword(password), false, password)
  })
})
