import assert from 'node:assert/strict'
import { test } from 'node:test'
import { flashOf, linkPathIn } from './email-confirmation.ts'

test('should find the confirmation link in a mail text', () => {
  const token = 'a'.repeat(43)
  assert.equal(linkPathIn(`Hi,\n\nPlease use the following link to confirm your email address:\n\nhttp://localhost:4000/confirm-email/${token}\n\nThe link expires in 1 day.\n`), `/confirm-email/${token}`)
})

test('should read no flash from a response that sets none', () => {
  assert.equal(flashOf(new Response(null)), null)
})
