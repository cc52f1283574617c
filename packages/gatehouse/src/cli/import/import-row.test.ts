import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseImportRow, parseTimestamp } from './import-row.ts'
import { mapHeader } from './import-sources.ts'

const BCRYPT = '$2b$04$0V6BCHCoHP7ssgO7e3bn1.olob5GlEmZxott8HfqOC7xHHjFqGjsK'

test("should map each source's column names, and name the missing required column", () => {
  assert.deepEqual(mapHeader(['Email', 'encrypted_password', 'created_at', 'confirmed_at'], 'devise'), { ok: true, columns: { email: 0, passwordHash: 1, insertedAt: 2, confirmedAt: 3 } })
  assert.deepEqual(mapHeader(['email', 'hashed_password', 'account_name', 'role'], 'phx-gen-auth'), { ok: true, columns: { email: 0, passwordHash: 1, accountName: 2, role: 3 } })
  assert.deepEqual(mapHeader(['mail', 'password'], 'pow'), { ok: false, message: 'the header row has no email and password_hash column (found: mail, password)' })
})

test('should normalise a valid row and give each invalid one its reason', () => {
  const columns = { email: 0, passwordHash: 1, accountName: 2, role: 3 }
  const row = (fields: string[]) => parseImportRow({ line: 7, fields }, columns)
  const ok = row([' Ada@Example.COM ', BCRYPT, '  Acme   Inc ', 'Admin'])
  assert.ok(ok.ok)
  assert.deepEqual({ ...ok.user }, { line: 7, email: 'ada@example.com', passwordHash: BCRYPT, accountName: 'Acme Inc', normalizedAccountName: 'acme inc', sharedAccount: true, role: 'admin', insertedAt: null, confirmedAt: null })
  const reasons = [
    row(['', BCRYPT, '', '']),
    row(['nope', BCRYPT, '', '']),
    row(['a@example.com', '', '', '']),
    row(['a@example.com', 'md5:abc', '', '']),
    row(['a@example.com', BCRYPT, 'x'.repeat(101), '']),
    row(['a@example.com', BCRYPT, '', 'root']),
  ].map((r) => (r.ok ? 'ok' : r.skipped.reason))
  assert.deepEqual(reasons, ['no email', 'invalid email', 'no password hash', 'unsupported password hash format', 'invalid account name', 'invalid role (owner, admin or member)'])
})

test('should read the dates databases export, as UTC when they carry no zone', () => {
  assert.equal(parseTimestamp('2024-05-01 10:00:00.123456'), Date.UTC(2024, 4, 1, 10, 0, 0, 123))
  assert.equal(parseTimestamp('2024-05-01T10:00:00Z'), Date.UTC(2024, 4, 1, 10))
  assert.equal(parseTimestamp('2024-05-01T12:00:00+02:00'), Date.UTC(2024, 4, 1, 10))
  assert.equal(parseTimestamp('1714557600'), Date.UTC(2024, 4, 1, 10))
  assert.equal(parseTimestamp(''), null)
  assert.equal(parseTimestamp('NULL'), null)
  assert.equal(parseTimestamp('yesterday'), undefined)
})
