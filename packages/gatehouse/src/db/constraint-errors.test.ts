import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { createTestCore, registration } from '../../test/support/core.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import { uniqueViolation } from './constraint-errors.ts'

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  assert.fail('expected the statement to fail')
}

describe('uniqueViolation', () => {
  test('should name the constraint of a PostgreSQL unique violation (23505)', () => {
    assert.equal(uniqueViolation({ code: '23505', constraint: 'users_email_index' }), 'users_email_index')
  })

  test('should derive the index name from an SQLite unique violation message', () => {
    assert.equal(uniqueViolation({ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: users.email' }), 'users_email_index')
    assert.equal(
      uniqueViolation({ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: accounts.normalized_name' }),
      'accounts_normalized_name_index',
    )
    assert.equal(uniqueViolation({ code: 'SQLITE_CONSTRAINT_UNIQUE', message: 'UNIQUE constraint failed: memberships.account_id, memberships.user_id' }), 'memberships_account_id_user_id_index')
  })

  test('should return null for anything that is not a unique violation', () => {
    for (const error of [
      null,
      undefined,
      'UNIQUE constraint failed: users.email',
      42,
      new Error('UNIQUE constraint failed: users.email'),
      { code: '23505' },
      { code: '23505', constraint: 7 },
      { code: '23503', constraint: 'users_account_id_fkey' },
      { code: 'SQLITE_CONSTRAINT_FOREIGNKEY', message: 'FOREIGN KEY constraint failed' },
      { code: 'SQLITE_CONSTRAINT_NOTNULL', message: 'NOT NULL constraint failed: users.email' },
      { code: 'SQLITE_CONSTRAINT_UNIQUE' },
      { code: 'SQLITE_CONSTRAINT_UNIQUE', message: '' },
    ]) {
      assert.equal(uniqueViolation(error), null, String(JSON.stringify(error)))
    }
  })
})

forEachDialect((dialect) => {
  describe('uniqueViolation on real database errors', () => {
    test('should map a duplicate email and a duplicate account name to their index names, and other errors to null', async () => {
      const core = await createTestCore(dialect)
      const result = await core.registerAccount(registration('dup'))
      assert.ok(result.ok)
      const { db } = core.database
      const now = Date.now()

      const emailError = await caught(
        db.insertInto('users').values({ account_id: result.account.id, email: 'userdup@example.com', password_hash: null, role: 'member', inserted_at: now, updated_at: now }).execute(),
      )
      assert.equal(uniqueViolation(emailError), 'users_email_index')

      const nameError = await caught(db.insertInto('accounts').values({ name: 'ACCOUNT DUP', normalized_name: 'account dup', inserted_at: now, updated_at: now }).execute())
      assert.equal(uniqueViolation(nameError), 'accounts_normalized_name_index')

      const foreignKeyError = await caught(
        db.insertInto('users').values({ account_id: 999_999, email: 'fk@example.com', password_hash: null, role: 'member', inserted_at: now, updated_at: now }).execute(),
      )
      assert.equal(uniqueViolation(foreignKeyError), null)
    })
  })
})
