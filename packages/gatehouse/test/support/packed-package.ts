import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { servicesRequired } from './services.ts'

export const PACKAGE_DIR = new URL('../..', import.meta.url).pathname.replace(/\/$/, '')

export interface CommandRun {
  readonly status: number | null
  readonly output: string
}

/**
 * The environment of a process in the installed app: none of the workspace's (its source
 * condition, NODE_ENV=test, the npm_* settings of the `npm test` that runs this).
 */
export function outsideEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^npm_/i.test(name) && name !== 'NODE_OPTIONS' && name !== 'NODE_ENV' && name !== 'INIT_CWD') env[name] = value
  }
  return { ...env, NODE_ENV: 'development', ...extra }
}

/** Runs a command to its end, output (stdout and stderr) collected. */
export function runCommand(command: string, args: readonly string[], cwd: string, env: Record<string, string> = outsideEnv()): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, output }))
  })
}

/** The tarball `npm pack` made (prepack builds it first) and the list of files it holds. */
export interface PackedPackage {
  readonly tarball: string
  readonly files: readonly string[]
  readonly size: number
}

/** `npm pack` of the package into a new folder outside the repository. */
export async function packPackage(): Promise<PackedPackage> {
  const destination = mkdtempSync(join(tmpdir(), 'gatehouse-pack-'))
  const run = await runCommand('npm', ['pack', '--json', '--pack-destination', destination], PACKAGE_DIR, outsideEnv())
  if (run.status !== 0) throw new Error(`npm pack failed:\n${run.output}`)
  const json = run.output.slice(run.output.indexOf('[\n'))
  const [packed] = JSON.parse(json) as [{ filename: string; size: number; files: { path: string }[] }]
  return { tarball: join(destination, packed.filename), files: packed.files.map((f) => f.path), size: packed.size }
}

const UNREACHABLE = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|network request .* failed|getaddrinfo/i

/**
 * A folder outside the repository with `packages` installed from the registry (the npm cache
 * may serve them). `null` and a printed reason when the registry cannot be reached, unless
 * services are required (GATEHOUSE_REQUIRE_SERVICES=1): then that is a failure.
 */
export async function installApp(packages: readonly string[]): Promise<{ dir: string } | { skip: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-installed-'))
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'gatehouse-installed-apps', private: true, type: 'module', allowScripts: { 'better-sqlite3': true, esbuild: true } }, null, 2)}\n`,
  )
  const run = await runCommand('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...packages], dir)
  if (run.status === 0) return { dir }
  if (UNREACHABLE.test(run.output) && !servicesRequired) {
    const reason = `the npm registry is unreachable (${run.output.match(UNREACHABLE)?.[0]}); set GATEHOUSE_REQUIRE_SERVICES=1 to make this a failure`
    console.log(`# skipping the installed-package suites: ${reason}`)
    return { skip: reason }
  }
  throw new Error(`npm install failed:\n${run.output}`)
}

/** Reads a JSON file. */
export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T
}
