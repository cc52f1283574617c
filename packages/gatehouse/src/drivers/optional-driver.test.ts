import assert from 'node:assert/strict'
import { test } from 'node:test'
import { GatehouseConfigError } from '../errors.ts'
import { loadOptionalDriver } from './optional-driver.ts'

test('should name the package to install when an optional driver is missing', () => {
  assert.throws(
    () => loadOptionalDriver('gatehouse-driver-that-is-not-installed', 'DATABASE_URL is postgres://…'),
    (error: unknown) =>
      error instanceof GatehouseConfigError &&
      error.message === 'DATABASE_URL is postgres://… but the "gatehouse-driver-that-is-not-installed" package is not installed: npm install gatehouse-driver-that-is-not-installed',
  )
})

test('should load an installed driver', () => {
  const pg = loadOptionalDriver<{ Pool: unknown }>('pg', 'DATABASE_URL is postgres://…')
  assert.equal(typeof pg.Pool, 'function')
})
