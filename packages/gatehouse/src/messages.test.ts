import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { DEFAULT_MESSAGES, formatFieldError, resolveMessages } from './messages.ts'

describe('formatFieldError', () => {
  test('should give Pow\'s texts for every field error code', () => {
    const m = DEFAULT_MESSAGES
    assert.equal(formatFieldError(m, { code: 'blank' }), "can't be blank")
    assert.equal(formatFieldError(m, { code: 'invalid_format' }), 'has invalid format')
    assert.equal(formatFieldError(m, { code: 'confirmation' }), 'does not match confirmation')
    assert.equal(formatFieldError(m, { code: 'taken' }), 'has already been taken')
    assert.equal(formatFieldError(m, { code: 'invalid' }), 'is invalid')
  })

  test('should replace %{count} with the limit', () => {
    assert.equal(formatFieldError(DEFAULT_MESSAGES, { code: 'too_short', count: 12 }), 'should be at least 12 character(s)')
    assert.equal(formatFieldError(DEFAULT_MESSAGES, { code: 'too_long', count: 1024 }), 'should be at most 1024 character(s)')
  })

  test('should replace every %{count} of an overridden template', () => {
    const messages = resolveMessages({ fieldErrors: { too_short: '%{count}? mindestens %{count} Zeichen' } })
    assert.equal(formatFieldError(messages, { code: 'too_short', count: 8 }), '8? mindestens 8 Zeichen')
  })

  test('should leave %{count} alone in a code that has no count', () => {
    const messages = resolveMessages({ fieldErrors: { blank: 'needs %{count}' } })
    assert.equal(formatFieldError(messages, { code: 'blank' }), 'needs %{count}')
  })
})

describe('resolveMessages', () => {
  test('should return the defaults without overrides', () => {
    assert.deepEqual(resolveMessages(), DEFAULT_MESSAGES)
    assert.equal(DEFAULT_MESSAGES.invalidCredentials, 'The provided login details did not work. Please verify your credentials, and try again.')
    // Pow shows nothing after sign-in; Gatehouse says where the person landed.
    assert.equal(DEFAULT_MESSAGES.signedIn, 'You are signed in.')
    assert.equal(DEFAULT_MESSAGES.userNotAuthenticated, null)
  })

  test('should let an app switch a landing message off with null', () => {
    assert.equal(resolveMessages({ signedIn: null, sessionEnded: null }).signedIn, null)
  })

  test('should override single messages and single field errors and keep the rest', () => {
    const messages = resolveMessages({ userHasBeenUpdated: 'Saved.', signedOut: 'Bye!', fieldErrors: { taken: 'ist schon vergeben' } })
    assert.equal(messages.userHasBeenUpdated, 'Saved.')
    assert.equal(messages.signedOut, 'Bye!')
    assert.equal(messages.invalidCredentials, DEFAULT_MESSAGES.invalidCredentials)
    assert.equal(messages.fieldErrors.taken, 'ist schon vergeben')
    assert.equal(messages.fieldErrors.blank, "can't be blank")
    assert.equal(DEFAULT_MESSAGES.fieldErrors.taken, 'has already been taken', 'the defaults are not modified')
  })

  test('should freeze the result and its field errors', () => {
    const messages = resolveMessages({ fieldErrors: { blank: 'x' } })
    assert.ok(Object.isFrozen(messages))
    assert.ok(Object.isFrozen(messages.fieldErrors))
    assert.ok(Object.isFrozen(DEFAULT_MESSAGES) && Object.isFrozen(DEFAULT_MESSAGES.fieldErrors))
  })
})
