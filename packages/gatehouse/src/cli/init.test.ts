import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { before, describe, test } from 'node:test'
import { TestBrowser } from '../../test/support/browser.ts'
import { createHonoStarter, databaseUrlFor, runGatehouse, startApp, temporaryFolder } from '../../test/support/cli.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import { checked, newRegistrant } from '../../test/support/http.ts'

const SECRET = 'a-test-secret-that-is-long-enough-for-gatehouse'

forEachDialect((dialect) => {
  describe('gatehouse init, migrate and gen:pages on a fresh Hono app', () => {
    let app = ''
    let env: Record<string, string> = {}

    before(async () => {
      app = createHonoStarter()
      env = { DATABASE_URL: await databaseUrlFor(dialect), GATEHOUSE_SECRET: SECRET }
    })

    test('should write the config, the database setup and the mounting lines, then print the next steps', async () => {
      const result = await runGatehouse(['init'], { cwd: app })
      assert.equal(result.status, 0, result.stderr)
      for (const file of ['gatehouse.config.ts', 'src/gatehouse.ts', 'src/db/migrations.ts']) assert.match(result.stdout, new RegExp(`created\\s+${file}`))
      assert.match(result.stdout, /updated\s+src\/index\.ts/)
      assert.match(result.stdout, /Next steps:[\s\S]*npx gatehouse migrate/)
      const entry = readFileSync(join(app, 'src/index.ts'), 'utf8')
      assert.match(entry, /import \{ env, gatehouse \} from '\.\/gatehouse\.js'\n/)
      assert.match(entry, /const app = new Hono\(\)\n\n\/\/ Gatehouse[^\n]*\napp\.use\(gatehouse\.middleware\)\napp\.route\('\/', gatehouse\.app\)/)
      assert.match(entry, /port: env\.port, hostname: env\.host/)
      assert.match(readFileSync(join(app, 'src/gatehouse.ts'), 'utf8'), /loadEnvConfig\(\{ PORT: '3000', \.\.\.process\.env \}\)/)
      assert.match(readFileSync(join(app, '.gitignore'), 'utf8'), /^data\/$/m)
    })

    test('should refuse to overwrite its files without --force, writing nothing, and leave the entry mounted once', async () => {
      const entryBefore = readFileSync(join(app, 'src/index.ts'), 'utf8')
      const refused = await runGatehouse(['init'], { cwd: app })
      assert.equal(refused.status, 1)
      assert.match(refused.stderr, /refusing to overwrite gatehouse\.config\.ts, src\/gatehouse\.ts, src\/db\/migrations\.ts \(nothing was written\): pass --force/)
      const forced = await runGatehouse(['init', '--force'], { cwd: app })
      assert.equal(forced.status, 0, forced.stderr)
      assert.match(forced.stdout, /overwrote\s+gatehouse\.config\.ts/)
      assert.match(forced.stdout, /kept\s+src\/index\.ts \(Gatehouse is already mounted there\)/)
      assert.equal(readFileSync(join(app, 'src/index.ts'), 'utf8'), entryBefore)
    })

    test('should migrate, then serve a working sign-up on the app', async () => {
      const migrated = await runGatehouse(['migrate'], { cwd: app, env })
      assert.equal(migrated.status, 0, migrated.stderr)
      assert.match(migrated.stdout, /gatehouse: 0001_core_tables applied \(\d+ ms\)/)
      const server = await startApp(app, 'src/index.ts', env)
      const visitor = new TestBrowser(checked((request) => fetch(request, { redirect: 'manual' })), server.origin)
      const user = newRegistrant()
      const registered = await visitor.register(user)
      assert.equal(registered.status, 302, server.output())
      assert.equal(registered.headers.get('location'), '/')
      assert.equal((await visitor.get('/registration/edit')).status, 200)
      assert.equal(await (await visitor.get('/')).text(), 'Hello Hono!')
    })

    test('should copy the sign-in page, point the config at it, and render the edited copy with sign-in still working', async () => {
      const copied = await runGatehouse(['gen:pages', 'sign-in'], { cwd: app, env })
      assert.equal(copied.status, 0, copied.stderr)
      assert.match(copied.stdout, /created\s+src\/gatehouse\/pages\/sign-in-page\.tsx \(pages\.signIn\)/)
      assert.match(copied.stdout, /updated\s+gatehouse\.config\.ts/)
      const page = join(app, 'src/gatehouse/pages/sign-in-page.tsx')
      const source = readFileSync(page, 'utf8')
      assert.match(source, /from '@gatehouse-auth\/gatehouse\/hono'/)
      assert.doesNotMatch(source, /from '\.\.?\//)
      writeFileSync(page, source.replace('<Card title="Sign in">', '<Card title="Welcome back to my app">'))
      assert.equal((await runGatehouse(['gen:pages', 'sign-in'], { cwd: app, env })).status, 1, 'a second copy needs --force')

      const server = await startApp(app, 'src/index.ts', env)
      const visitor = new TestBrowser(checked((request) => fetch(request, { redirect: 'manual' })), server.origin)
      const user = newRegistrant()
      await visitor.register(user)
      await visitor.get('/registration/edit')
      assert.equal((await visitor.submit('/session', {}, { method: 'delete' })).status, 302)
      const signInPage = await visitor.get('/session/new')
      assert.match(await signInPage.text(), /Welcome back to my app/)
      const signedIn = await visitor.signIn(user.email, user.password)
      assert.equal(signedIn.status, 302)
      assert.equal((await visitor.get('/registration/edit')).status, 200)
    })
  })
})

describe('gatehouse init outside a project', () => {
  test('should exit 1 with the reason when there is no package.json', async () => {
    const result = await runGatehouse(['init'], { cwd: temporaryFolder() })
    assert.equal(result.status, 1)
    assert.match(result.stderr, /no package\.json in .*: run gatehouse init in your app's folder/)
  })
})
