import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { before, describe, test } from 'node:test'
import { openDatabase } from '../db/database.ts'
import { gatehouseMigrations } from '../db/migrator.ts'
import { createGatehouseCore } from '../core.ts'
import { databaseUrlFor, runGatehouse, temporaryFolder } from '../../test/support/cli.ts'
import { TEST_SECRET } from '../../test/support/core.ts'
import { forEachDialect } from '../../test/support/dialects.ts'

/** An app config with two migrations; the second waits, to show the progress line of a long one. */
const CONFIG = `import { defineGatehouseConfig } from ${JSON.stringify(new URL('../index.ts', import.meta.url).pathname)}
export default defineGatehouseConfig({
  migrations: {
    '0001_create_notes': {
      async up(db) { await db.schema.createTable('notes').addColumn('id', 'integer', (c) => c.primaryKey()).execute() },
      async down(db) { await db.schema.dropTable('notes').execute() },
    },
    '0002_slow_backfill': {
      async up() { await new Promise((resolve) => setTimeout(resolve, 400)) },
      async down() {},
    },
  },
})
`

/** The same app with remember-me on: `sessions:prune` then tidies its tokens too. */
const PRUNE_CONFIG = `import { defineGatehouseConfig, rememberMe } from ${JSON.stringify(new URL('../index.ts', import.meta.url).pathname)}
export default defineGatehouseConfig({ extensions: [rememberMe()] })
`

forEachDialect((dialect) => {
  describe('gatehouse migrate, migrate:status, migrate:down and sessions:prune', () => {
    const folder = temporaryFolder()
    let env: Record<string, string> = {}
    before(async () => {
      writeFileSync(join(folder, 'package.json'), '{ "type": "module" }\n')
      writeFileSync(join(folder, 'gatehouse.config.ts'), CONFIG)
      writeFileSync(join(folder, 'prune.config.ts'), PRUNE_CONFIG)
      env = { DATABASE_URL: await databaseUrlFor(dialect), GATEHOUSE_PROGRESS_INTERVAL_MS: '50' }
    })

    test("should apply Gatehouse's then the app's migrations, one line each with its time, and a progress line for a long one", async () => {
      const result = await runGatehouse(['migrate'], { cwd: folder, env })
      assert.equal(result.status, 0, result.stderr)
      assert.match(result.stdout, /^gatehouse: 0001_core_tables applied \(\d+ ms\)$/m)
      assert.match(result.stdout, /^app: 0001_create_notes applied \(\d+ ms\)$/m)
      assert.match(result.stdout, /^app: 0002_slow_backfill applied \(\d+ ms\)$/m)
      // Gatehouse's migrations and the app's two.
      assert.match(result.stdout, new RegExp(`^${Object.keys(gatehouseMigrations('sqlite')).length + 2} migrations applied in \\d+ ms$`, 'm'))
      assert.match(result.stderr, /^app: 0002_slow_backfill running… \d+ ms$/m)
      const again = await runGatehouse(['migrate'], { cwd: folder, env })
      assert.equal(again.status, 0, again.stderr)
      assert.match(again.stdout, /^gatehouse: up to date\napp: up to date\n$/)
    })

    test('should list every migration with its status', async () => {
      const result = await runGatehouse(['migrate:status'], { cwd: folder, env })
      assert.equal(result.status, 0, result.stderr)
      assert.match(result.stdout, /^set\s+migration\s+status$/m)
      assert.match(result.stdout, /^gatehouse\s+0003_extension_tables\s+applied \d{4}-\d\d-\d\dT/m)
      assert.match(result.stdout, /^app\s+0002_slow_backfill\s+applied /m)
      assert.match(result.stdout, /^up to date$/m)
    })

    test("should revert the newest migrations first (the app's), then show them pending, then apply them again", async () => {
      const down = await runGatehouse(['migrate:down', '--steps', '2'], { cwd: folder, env })
      assert.equal(down.status, 0, down.stderr)
      assert.match(down.stdout, /^app: 0002_slow_backfill reverted \(\d+ ms\)\napp: 0001_create_notes reverted \(\d+ ms\)\n$/)
      const database = openDatabase(env.DATABASE_URL as string)
      try {
        assert.equal((await database.db.introspection.getTables()).some((t) => t.name === 'notes'), false)
      } finally {
        await database.close()
      }
      const status = await runGatehouse(['migrate:status'], { cwd: folder, env })
      assert.match(status.stdout, /^app\s+0001_create_notes\s+pending$/m)
      assert.match(status.stdout, /^2 pending: run gatehouse migrate$/m)
      assert.equal((await runGatehouse(['migrate'], { cwd: folder, env })).status, 0)
    })

    test("should refuse to revert Gatehouse's own migrations without --include-gatehouse, and keep its tables", async () => {
      const down = await runGatehouse(['migrate:down', '--steps', '3'], { cwd: folder, env })
      assert.equal(down.status, 1)
      assert.match(down.stdout, /^app: 0002_slow_backfill reverted .*\napp: 0001_create_notes reverted /)
      assert.match(down.stderr, /^gatehouse: \d{4}_\w+ is one of Gatehouse's own migrations: refusing to revert it .* without --include-gatehouse$/m)
      const status = await runGatehouse(['migrate:status'], { cwd: folder, env })
      assert.match(status.stdout, /^gatehouse\s+0001_core_tables\s+applied /m)
      assert.doesNotMatch(status.stdout, /^gatehouse\s+\S+\s+pending$/m)
      assert.equal((await runGatehouse(['migrate'], { cwd: folder, env })).status, 0)
    })

    test('should delete expired sessions and mailed tokens and say how many', async () => {
      const core = await createGatehouseCore({ database: env.DATABASE_URL as string, secret: TEST_SECRET, publicUrl: 'http://localhost:4000', migrate: false })
      try {
        const registered = await core.registerAccount({ email: `prune-${dialect.name}@example.com`, password: 'correct horse battery', password_confirmation: 'correct horse battery', account_name: `Prune ${dialect.name}` })
        assert.ok(registered.ok)
        const user = registered.user
        await core.createSession(user)
        const { session: live } = await core.createSession(user)
        const db = core.database.db
        await db.updateTable('sessions').set({ expires_at: 1 }).where('id', '!=', live.id).execute()
        await db.insertInto('user_tokens').values([
          { user_id: user.id, purpose: 'reset_password', token_hash: 'expired', sent_to: user.email, created_at: 0, expires_at: 1 },
          { user_id: user.id, purpose: 'reset_password', token_hash: 'fresh', sent_to: user.email, created_at: 0, expires_at: Date.now() + 3_600_000 },
        ]).execute()
      } finally {
        await core.close()
      }
      const pruneWithRememberMe = ['sessions:prune', '--config', 'prune.config.ts']
      assert.equal((await runGatehouse(['migrate', '--config', 'prune.config.ts'], { cwd: folder, env })).status, 0)
      const result = await runGatehouse(pruneWithRememberMe, { cwd: folder, env })
      assert.equal(result.status, 0, result.stderr)
      assert.equal(result.stdout, 'deleted 1 expired session, 1 expired mailed token, 0 expired remember-me tokens\n')
      const again = await runGatehouse(pruneWithRememberMe, { cwd: folder, env })
      assert.equal(again.stdout, 'deleted 0 expired sessions, 0 expired mailed tokens, 0 expired remember-me tokens\n')
    })
  })
})

describe('gatehouse help, secret and mistakes', () => {
  const cwd = temporaryFolder()

  test('should print a new 64-character secret each time', async () => {
    const [a, b] = await Promise.all([runGatehouse(['secret'], { cwd }), runGatehouse(['secret'], { cwd })])
    assert.equal(a.status, 0)
    assert.match(a.stdout, /^[A-Za-z0-9_-]{64}\n$/)
    assert.notEqual(a.stdout, b.stdout)
  })

  test('should print the help of every command with --help, exit 0', async () => {
    const overview = await runGatehouse(['--help'], { cwd })
    assert.equal(overview.status, 0)
    const names = ['init', 'migrate', 'migrate:status', 'migrate:down', 'routes', 'gen:pages', 'users:import', 'secret', 'sessions:prune']
    for (const name of names) assert.match(overview.stdout, new RegExp(`^  ${name}\\s+\\S`, 'm'))
    const helps = await Promise.all(names.map((name) => runGatehouse([name, '--help'], { cwd })))
    helps.forEach((help, i) => {
      assert.equal(help.status, 0, names[i])
      assert.match(help.stdout, new RegExp(`^Usage: gatehouse ${names[i]}`), names[i])
    })
  })

  test("should print the package's version with --version", async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    const result = await runGatehouse(['--version'], { cwd })
    assert.equal(result.status, 0)
    assert.equal(result.stdout, `${version}\n`)
  })

  test('should exit 2 and print the help for an unknown command or option', async () => {
    const command = await runGatehouse(['frobnicate'], { cwd })
    assert.equal(command.status, 2)
    assert.match(command.stderr, /Unknown command: frobnicate/)
    const option = await runGatehouse(['migrate', '--frobnicate'], { cwd })
    assert.equal(option.status, 2)
    assert.match(option.stderr, /gatehouse migrate: Unknown option '--frobnicate'[\s\S]*Usage: gatehouse migrate/)
    const steps = await runGatehouse(['migrate:down', '--steps', 'two'], { cwd })
    assert.equal(steps.status, 2)
    assert.match(steps.stderr, /--steps must be a whole number from 1 to 1000, got "two"/)
  })

  test('should exit 2 with a clear message for an unsupported DATABASE_URL, and 1 when the database cannot be reached', async () => {
    const unsupported = await runGatehouse(['migrate'], { cwd, env: { DATABASE_URL: 'mysql://localhost/app' } })
    assert.equal(unsupported.status, 2)
    assert.match(unsupported.stderr, /Configuration error: DATABASE_URL must start with sqlite: or postgres:\/\//)
    const unreachable = await runGatehouse(['migrate'], { cwd, env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing' } })
    assert.equal(unreachable.status, 1)
    assert.match(unreachable.stderr, /gatehouse migrate failed: connect ECONNREFUSED/)
    assert.doesNotMatch(unreachable.stderr, /\n\s+at /)
  })
})
