import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isDatabaseUnavailable } from './database-unavailable.ts'

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code })

test('should recognise a PostgreSQL server shutting down, refusing or dropping connections', () => {
  for (const code of ['57P01', '57P02', '57P03', '08006', '08001', '08003', '53300', 'ECONNREFUSED', 'ECONNRESET']) {
    assert.equal(isDatabaseUnavailable(withCode(code)), true, code)
  }
  assert.equal(isDatabaseUnavailable(new Error('Connection terminated unexpectedly')), true)
  assert.equal(isDatabaseUnavailable(new Error('Client has encountered a connection error and is not queryable')), true)
  assert.equal(isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED')])), true)
  assert.equal(isDatabaseUnavailable(new Error('wrapped', { cause: withCode('57P01') })), true)
  assert.equal(isDatabaseUnavailable(withCode('SQLITE_BUSY', 'database is locked')), true)
})

test('should not take a bug or a constraint violation for an outage', () => {
  for (const error of [new Error('boom'), withCode('23505'), withCode('42P01'), withCode('SQLITE_CONSTRAINT_UNIQUE'), new TypeError('x is undefined'), null, 'ECONNREFUSED', 42]) {
    assert.equal(isDatabaseUnavailable(error), false, String(error))
  }
})
