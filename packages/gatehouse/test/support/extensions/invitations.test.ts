import assert from 'node:assert/strict'
import { test } from 'node:test'
import { tokenInMail } from './invitations.ts'

test('should read the token of an acceptance link, and nothing else', () => {
  const token = 'A'.repeat(43)
  assert.equal(tokenInMail(`Hi,\n\nhttp://localhost:4000/invitations/${token}/edit\n`), token)
  assert.equal(tokenInMail('http://localhost:4000/invitations/short/edit'), null)
  assert.equal(tokenInMail('http://evil.example/invitations/' + token + '/edit'), null)
})
