import assert from 'node:assert/strict'
import { test } from 'node:test'
import { DEFAULT_LAST_SIGN_IN_MESSAGES } from './messages.ts'
import { resolveLastSignInSettings } from './settings.ts'

test('should keep the default messages where none is replaced, frozen', () => {
  const settings = resolveLastSignInSettings({ messages: { heading: 'Sign-in history' } })
  assert.deepEqual(settings.messages, { ...DEFAULT_LAST_SIGN_IN_MESSAGES, heading: 'Sign-in history' })
  assert.ok(Object.isFrozen(settings) && Object.isFrozen(settings.messages))
})
