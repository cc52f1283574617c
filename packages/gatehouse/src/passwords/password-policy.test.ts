import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { FieldErrorsBuilder } from '../validation/field-errors.ts'
import { checkNewPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy.ts'

function check(password: string, confirmation = password) {
  const errors = new FieldErrorsBuilder<'password' | 'password_confirmation'>()
  checkNewPassword(errors, password, confirmation)
  return errors.errors
}

describe('checkNewPassword', () => {
  test('should bound passwords to 12..1024 characters', () => {
    assert.equal(PASSWORD_MIN_LENGTH, 12)
    assert.equal(PASSWORD_MAX_LENGTH, 1024)
  })

  test('should accept 12 and 1024 characters with a matching confirmation', () => {
    assert.deepEqual(check('a'.repeat(12)), {})
    assert.deepEqual(check('a'.repeat(1024)), {})
  })

  test('should report blank alone for an empty password, whatever the confirmation', () => {
    assert.deepEqual(check('', 'something'), { password: [{ code: 'blank' }] })
  })

  test('should report a blank confirmation as blank, not as a mismatch, with or without a password', () => {
    assert.deepEqual(check('a'.repeat(12), ''), { password_confirmation: [{ code: 'blank' }] })
    assert.deepEqual(check('', ''), { password: [{ code: 'blank' }], password_confirmation: [{ code: 'blank' }] })
  })

  test('should report too_short 12 for 11 characters and too_long 1024 for 1025', () => {
    assert.deepEqual(check('a'.repeat(11)), { password: [{ code: 'too_short', count: 12 }] })
    assert.deepEqual(check('a'.repeat(1025)), { password: [{ code: 'too_long', count: 1024 }] })
  })

  test('should count characters, not UTF-16 code units', () => {
    assert.deepEqual(check('😀'.repeat(12)), {})
    assert.deepEqual(check('😀'.repeat(1024)), {})
    assert.deepEqual(check('😀'.repeat(1025)), { password: [{ code: 'too_long', count: 1024 }] })
  })

  test('should report a confirmation that differs, even only by whitespace or case', () => {
    assert.deepEqual(check('a'.repeat(12), `${'a'.repeat(12)} `), { password_confirmation: [{ code: 'confirmation' }] })
    assert.deepEqual(check('a'.repeat(12), 'A'.repeat(12)), { password_confirmation: [{ code: 'confirmation' }] })
    assert.deepEqual(check('short', 'other'), { password: [{ code: 'too_short', count: 12 }], password_confirmation: [{ code: 'confirmation' }] })
  })

  test('should report too_common for a listed password of acceptable length, compared case-insensitively', () => {
    assert.deepEqual(check('PasswordPassword'), { password: [{ code: 'too_common' }] })
    assert.deepEqual(check('qwerty123456', 'different'), { password: [{ code: 'too_common' }], password_confirmation: [{ code: 'confirmation' }] })
    // Too short stays the only complaint about a short common password.
    assert.deepEqual(check('password'), { password: [{ code: 'too_short', count: 12 }] })
  })
})
