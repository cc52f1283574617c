import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { forEachDialect } from '../../test/support/dialects.ts'
import { openDatabase } from '../db/database.ts'

const bin = new URL('../../bin/gatehouse.js', import.meta.url).pathname

function gatehouse(args: string[], env: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'))
  return spawnSync(process.execPath, [bin, ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8' })
}

forEachDialect((dialect) => {
  test('should apply the migrations once and report up to date the second time', async () => {
    const url = dialect.name === 'sqlite' ? `sqlite:${join(mkdtempSync(join(tmpdir(), 'gatehouse-cli-db-')), 'app.sqlite')}` : await dialect.databaseUrl()
    const first = gatehouse(['migrate'], { DATABASE_URL: url })
    assert.equal(first.status, 0, first.stderr)
    assert.match(first.stdout, /gatehouse: 0001_core_tables applied/)
    const second = gatehouse(['migrate'], { DATABASE_URL: url })
    assert.equal(second.status, 0, second.stderr)
    assert.match(second.stdout, /gatehouse: up to date/)
    const database = openDatabase(url)
    try {
      const tables = await database.db.introspection.getTables()
      assert.deepEqual(['accounts', 'sessions', 'users'].filter((t) => tables.some((table) => table.name === t)), ['accounts', 'sessions', 'users'])
    } finally {
      await database.close()
    }
  })
})

test('should exit 2 with a clear message for an unsupported DATABASE_URL', () => {
  const result = gatehouse(['migrate'], { DATABASE_URL: 'mysql://localhost/app' })
  assert.equal(result.status, 2)
  assert.match(result.stderr, /Configuration error: DATABASE_URL must start with sqlite: or postgres:\/\//)
})

test('should exit 2 and print the help for an unknown command', () => {
  const result = gatehouse(['frobnicate'], {})
  assert.equal(result.status, 2)
  assert.match(result.stderr, /Unknown command: frobnicate/)
  assert.match(result.stderr, /migrate/)
})
