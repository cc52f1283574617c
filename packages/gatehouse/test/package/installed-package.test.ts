import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import type { TestContext } from 'node:test'
import { describeBuildProblems } from '../../scripts/build-check.mjs'
import { TestBrowser } from '../support/browser.ts'
import { databaseUrlFor } from '../support/cli.ts'
import type { DialectTarget } from '../support/dialects.ts'
import { forEachDialect } from '../support/dialects.ts'
import { checked, newRegistrant } from '../support/http.ts'
import { installApp, outsideEnv, packPackage, PACKAGE_DIR, readJson, runCommand } from '../support/packed-package.ts'
import type { CommandRun, PackedPackage } from '../support/packed-package.ts'
import { onCleanup } from '../support/services.ts'
import { HONO_STARTER_ENTRY, EXPRESS_STARTER_ENTRY, HAND_WRITTEN_APP, STRICT_TSCONFIG } from './app-sources.ts'

// The package as a new user gets it: packed (prepack builds dist/), installed from the tarball
// with registry packages only into a folder outside the repository, compiled by the app's own
// strict tsc and run by plain node, without the workspace's source condition or tsx.

const SECRET = 'a-test-secret-that-is-long-enough-for-gatehouse'
const NAME = '@gatehouse-auth/gatehouse'

interface Installed {
  readonly packed: PackedPackage
  readonly root: string
  /** The installed binary, run with plain `node`. */
  gatehouse(args: readonly string[], cwd: string, env?: Record<string, string>): Promise<CommandRun>
  tsc(project: string): Promise<CommandRun>
}

let installing: Promise<Installed | { skip: string }> | undefined

function installed(): Promise<Installed | { skip: string }> {
  installing ??= (async () => {
    const packed = await packPackage()
    const app = await installApp([packed.tarball, 'hono@^4.13', '@hono/node-server', 'better-sqlite3@^12', 'pg@^8', 'express@^5', '@types/express', '@types/node@^20', 'typescript@~5.9', 'tsx'])
    if ('skip' in app) return app
    const root = app.dir
    const bin = join(root, 'node_modules/.bin/gatehouse')
    return {
      packed,
      root,
      gatehouse: (args, cwd, env = {}) => runCommand(process.execPath, [bin, ...args], cwd, outsideEnv(env)),
      tsc: (project) => runCommand(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', project], project),
    }
  })()
  return installing
}

async function installedOrSkip(t: TestContext): Promise<Installed | null> {
  const result = await installed()
  if ('skip' in result) {
    t.skip(result.skip)
    return null
  }
  return result
}

/** Writes an app's files into a new folder under the install (its node_modules are the install's). */
function writeApp(root: string, name: string, files: Record<string, string>): string {
  const dir = join(root, name)
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true })
    writeFileSync(join(dir, file), text)
  }
  return dir
}

/** Starts `node <entry>` (no loader) in `cwd` and resolves once Gatehouse's sign-up page answers. */
async function startWithNode(cwd: string, entry: string, env: Record<string, string>): Promise<{ origin: string; output: () => string }> {
  const port = 20000 + Math.floor(Math.random() * 20000)
  const child = spawn(process.execPath, [entry], { cwd, env: outsideEnv({ PORT: String(port), HOST: '127.0.0.1', ...env }), stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  onCleanup(async () => {
    child.kill('SIGTERM')
    await exited
  })
  const origin = `http://127.0.0.1:${port}`
  for (;;) {
    if (child.exitCode !== null) throw new Error(`node ${entry} exited (${child.exitCode}):\n${output}`)
    const answer = await fetch(`${origin}/registration/new`).catch(() => null)
    if (answer?.status === 200) return { origin, output: () => output }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** Signs up through the HTTP forms, then opens the protected page: its text, and what an anonymous visitor gets. */
async function signUpAndOpen(origin: string, protectedPath: string): Promise<{ anonymous: Response; page: Response; email: string }> {
  const anonymous = await fetch(`${origin}${protectedPath}`, { redirect: 'manual' })
  const visitor = new TestBrowser(checked((request) => fetch(request, { redirect: 'manual' })), origin)
  const user = newRegistrant()
  const registered = await visitor.register(user)
  assert.equal(registered.status, 302)
  assert.equal(registered.headers.get('location'), '/')
  return { anonymous, page: await visitor.get(protectedPath), email: user.email }
}

function appEnv(databaseUrl: string): Record<string, string> {
  return { DATABASE_URL: databaseUrl, GATEHOUSE_SECRET: SECRET }
}

async function fileDatabaseUrl(dialect: DialectTarget): Promise<string> {
  return databaseUrlFor(dialect)
}

describe('the packed tarball', () => {
  test('should hold a fresh build with .d.ts for every entry, README and LICENSE, and no tests', async (t) => {
    const app = await installedOrSkip(t)
    if (!app) return
    const files = app.packed.files
    assert.ok(files.includes('README.md') && files.includes('LICENSE'), 'README.md and LICENSE')
    assert.deepEqual(files.filter((file) => /\.test\.tsx?$|(^|\/)test\//.test(file)), [], 'no test files')
    assert.ok(files.includes('dist/web/assets/gatehouse.css'), 'the stylesheet')
    assert.deepEqual(describeBuildProblems(PACKAGE_DIR, join(app.root, 'node_modules', NAME)), [])
    const manifest = readJson<{ exports: Record<string, string | { types: string; default: string }> }>(join(app.root, 'node_modules', NAME, 'package.json'))
    for (const [entry, target] of Object.entries(manifest.exports)) {
      if (typeof target === 'string') continue
      assert.ok(files.includes(target.types.replace(/^\.\//, '')), `${entry}: ${target.types}`)
      assert.ok(files.includes(target.default.replace(/^\.\//, '')), `${entry}: ${target.default}`)
    }
    console.log(`# tarball ${app.packed.size} bytes, ${files.length} files`)
  })
})

describe('the installed gatehouse binary under plain node', () => {
  test('should print its help and version, and apply the migrations', async (t) => {
    const app = await installedOrSkip(t)
    if (!app) return
    const cwd = writeApp(app.root, 'cli-only', { 'package.json': '{ "type": "module" }\n' })
    const help = await app.gatehouse(['--help'], cwd)
    assert.equal(help.status, 0, help.output)
    assert.match(help.output, /^Usage: gatehouse <command>/)
    const version = await app.gatehouse(['--version'], cwd)
    assert.equal(version.output, `${readJson<{ version: string }>(join(PACKAGE_DIR, 'package.json')).version}\n`)
    const migrate = await app.gatehouse(['migrate'], cwd, { DATABASE_URL: `sqlite:${join(cwd, 'data/app.sqlite')}` })
    assert.equal(migrate.status, 0, migrate.output)
    assert.match(migrate.output, /^gatehouse: 0001_core_tables applied \(\d+ ms\)$/m)
  })
})

forEachDialect((dialect) => {
  describe('a hand-written Hono app on the installed package', () => {
    test('should compile under strict tsc, run on node, sign up through the forms and show the protected page', async (t) => {
      const app = await installedOrSkip(t)
      if (!app) return
      const dir = writeApp(app.root, `hand-written-${dialect.name}`, { 'package.json': '{ "type": "module" }\n', 'tsconfig.json': STRICT_TSCONFIG, 'src/server.ts': HAND_WRITTEN_APP })
      const compiled = await app.tsc(dir)
      assert.equal(compiled.status, 0, compiled.output)
      const server = await startWithNode(dir, 'dist/server.js', appEnv(await fileDatabaseUrl(dialect)))
      const { anonymous, page, email } = await signUpAndOpen(server.origin, '/private')
      assert.equal(anonymous.status, 302)
      assert.equal(anonymous.headers.get('location'), '/session/new?request_path=%2Fprivate')
      assert.equal(page.status, 200, server.output())
      assert.equal(await page.text(), `Private page of ${email}`)
    })
  })

  for (const framework of ['hono', 'express'] as const) {
    describe(`an app written by gatehouse init${framework === 'express' ? ' --express' : ''}`, () => {
      test('should compile under its strict tsconfig, migrate with the installed CLI, run on node and protect a route', async (t) => {
        const app = await installedOrSkip(t)
        if (!app) return
        const dir = writeApp(app.root, `init-${framework}-${dialect.name}`, framework === 'hono' ? HONO_STARTER : EXPRESS_STARTER)
        const init = await app.gatehouse(framework === 'hono' ? ['init'] : ['init', '--express'], dir)
        assert.equal(init.status, 0, init.output)
        assert.match(init.output, /serves on env\.port and env\.host/)
        // The next step init prints, followed as printed.
        const protect = /protect a route:\s+(.+)$/m.exec(init.output)?.[1]
        assert.ok(protect, init.output)
        const entry = join(dir, 'src/index.ts')
        const source = readFileSync(entry, 'utf8')
        const serving = framework === 'hono' ? source.indexOf('serve(') : source.indexOf('app.listen(')
        writeFileSync(entry, `${source.slice(0, serving)}${protect}\n\n${source.slice(serving)}`)

        const env = appEnv(await fileDatabaseUrl(dialect))
        const migrated = await app.gatehouse(['migrate'], dir, env)
        assert.equal(migrated.status, 0, migrated.output)
        assert.match(migrated.output, /^app: 0001_create_notes applied/m)
        const compiled = await app.tsc(dir)
        assert.equal(compiled.status, 0, compiled.output)
        const start = readJson<{ scripts: Record<string, string> }>(join(dir, 'package.json')).scripts.start
        assert.equal(start, 'node dist/src/index.js')
        assert.ok(existsSync(join(dir, 'dist/src/index.js')))
        const server = await startWithNode(dir, 'dist/src/index.js', env)
        const { anonymous, page, email } = await signUpAndOpen(server.origin, '/private')
        assert.equal(anonymous.status, 302)
        assert.equal(page.status, 200, server.output())
        assert.equal(await page.text(), `Hello ${email}`)
      })
    })
  }
})

const HONO_STARTER = {
  // As `npm create hono@latest` (template nodejs) leaves it, with lib checks on.
  'package.json': `${JSON.stringify({ name: 'my-app', type: 'module', scripts: { dev: 'tsx watch src/index.ts', build: 'tsc', start: 'node dist/index.js' } }, null, 2)}\n`,
  'tsconfig.json': `${JSON.stringify({ compilerOptions: { target: 'ESNext', module: 'NodeNext', strict: true, verbatimModuleSyntax: true, skipLibCheck: false, types: ['node'], jsx: 'react-jsx', jsxImportSource: 'hono/jsx', outDir: './dist' }, exclude: ['node_modules', 'dist'] }, null, 2)}\n`,
  'src/index.ts': HONO_STARTER_ENTRY,
}

const EXPRESS_STARTER = {
  // Express's hello-world in TypeScript, no tsconfig (init writes one).
  'package.json': `${JSON.stringify({ name: 'my-express-app', type: 'module', scripts: { dev: 'tsx watch src/index.ts' } }, null, 2)}\n`,
  'src/index.ts': EXPRESS_STARTER_ENTRY,
}
