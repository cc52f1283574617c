import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HONO_STARTER_ENTRY } from '../package/app-sources.ts'
import type { DialectTarget } from './dialects.ts'
import { onCleanup } from './services.ts'

/** The real `gatehouse` binary, as `npx gatehouse` runs it (from the sources, through tsx). */
export const GATEHOUSE_BIN = new URL('../../bin/gatehouse.js', import.meta.url).pathname
// Resolved here: the binary runs in folders that have no tsx of their own.
const TSX = import.meta.resolve('tsx')
const REPO_NODE_MODULES = new URL('../../../../node_modules', import.meta.url).pathname

export interface CliRun {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs `gatehouse <args>` in `cwd` as a separate process (no TTY: plain progress lines). */
export function runGatehouse(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=gatehouse-source', '--import', TSX, GATEHOUSE_BIN, ...args], { cwd: options.cwd, env: { ...process.env, NODE_ENV: 'development', ...options.env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}

/** A fresh empty folder. */
export function temporaryFolder(prefix = 'gatehouse-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** A database URL the binary can open: an SQLite file (not `:memory:`), or a fresh PostgreSQL database. */
export async function databaseUrlFor(dialect: DialectTarget): Promise<string> {
  return dialect.name === 'sqlite' ? `sqlite:${join(temporaryFolder('gatehouse-cli-db-'), 'app.sqlite')}` : await dialect.databaseUrl()
}

/**
 * A project as `npm create hono@latest` (template nodejs) leaves it, with `node_modules`
 * pointing at this repository's (where `@gatehouse-auth/gatehouse` is the workspace package).
 */
export function createHonoStarter(): string {
  const dir = temporaryFolder('gatehouse-hono-app-')
  mkdirSync(join(dir, 'src'))
  symlinkSync(REPO_NODE_MODULES, join(dir, 'node_modules'), 'dir')
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'my-app', type: 'module', scripts: { dev: 'tsx watch src/index.ts' }, dependencies: { '@hono/node-server': '^1.19.5', hono: '^4.10.4' } }, null, 2),
  )
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ESNext', module: 'NodeNext', strict: true, verbatimModuleSyntax: true, skipLibCheck: true, types: ['node'], jsx: 'react-jsx', jsxImportSource: 'hono/jsx', outDir: './dist' }, exclude: ['node_modules'] }, null, 2),
  )
  writeFileSync(
    join(dir, 'src/index.ts'),
    HONO_STARTER_ENTRY,
  )
  return dir
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * Starts the app's entry the way `npm run dev` does (tsx), on a free port, and resolves once
 * it prints that it is listening. Stopped when the test file ends.
 */
export async function startApp(cwd: string, entry: string, env: Record<string, string>): Promise<{ origin: string; output: () => string }> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd, env: { ...process.env, NODE_ENV: 'development', PORT: String(port), ...env } })
  let output = ''
  const stopped = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  onCleanup(async () => {
    child.kill('SIGTERM')
    await stopped
  })
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (/running on|listening/i.test(output)) resolve()
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`the app exited (${code}) before listening:\n${output}`)))
  })
  return { origin: `http://localhost:${port}`, output: () => output }
}
