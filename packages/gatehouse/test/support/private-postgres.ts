import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { freePort } from './ports.ts'
import { onCleanup, skipReason } from './services.ts'

/**
 * A PostgreSQL server of the test's own (initdb into a temporary folder, a free port, trust
 * authentication on 127.0.0.1), which the test may stop and start again. The machine's shared
 * cluster, which other test files use, is never touched.
 */
export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string
  readonly port: number
  /** Stops it: SIGINT is PostgreSQL's "fast" shutdown (open transactions roll back, clients are cut off). */
  stop(signal?: 'SIGINT' | 'SIGTERM' | 'SIGKILL'): Promise<void>
  /** Starts it again on the same folder and port; resolves once it accepts connections. */
  start(): Promise<void>
}

const binDir = (() => {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const [newest] = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))
  return newest ? join(root, newest, 'bin') : null
})()

/** initdb refuses to run as root: as root, the server runs as the `postgres` system user. */
const runAs = (() => {
  if (process.getuid?.() !== 0) return null
  const probe = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' })
  const uid = Number(probe.stdout.trim())
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim())
  return probe.status === 0 && Number.isInteger(uid) ? { uid, gid } : null
})()

/** Null when a private PostgreSQL can be started here, else why not (thrown in CI). */
export function privatePostgresSkipReason(): string | null {
  if (!binDir) return skipReason('PostgreSQL server binaries', 'no /usr/lib/postgresql/<version>/bin/initdb (apt-get install -y postgresql)')
  if (process.getuid?.() === 0 && !runAs) return skipReason('PostgreSQL server binaries', 'running as root and there is no postgres system user to run initdb as')
  return null
}

function spawnAsOwner(command: string, args: string[]) {
  return spawn(join(binDir ?? '', command), args, { stdio: ['ignore', 'pipe', 'pipe'], ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}) })
}

/**
 * @example
 * const server = await startPrivatePostgres()
 * await server.stop('SIGINT')
 * await server.start()
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-pg-'))
  const data = join(dir, 'data')
  if (runAs) {
    chownSync(dir, runAs.uid, runAs.gid)
    chmodSync(dir, 0o700)
  }
  const init = spawnAsOwner('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C'])
  const initOutput = await outputOf(init)
  if (init.exitCode !== 0) throw new Error(`initdb failed:\n${initOutput}`)
  const port = await freePort()
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  let child: ChildProcess | null = null
  let log = ''

  const start = async () => {
    const started = spawnAsOwner('postgres', ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=50'])
    child = started
    started.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()))
    started.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()))
    const deadline = Date.now() + 30_000
    for (;;) {
      if (started.exitCode !== null) throw new Error(`postgres exited at start:\n${log}`)
      if (await accepts(url)) return
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections within 30 s:\n${log}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  const stop = async (signal: 'SIGINT' | 'SIGTERM' | 'SIGKILL' = 'SIGINT') => {
    const running = child
    child = null
    if (!running || running.exitCode !== null || running.signalCode !== null) return
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()))
    running.kill(signal)
    await exited
  }
  onCleanup(async () => {
    await stop('SIGINT')
    rmSync(dir, { recursive: true, force: true })
  })
  process.once('exit', () => (child as ChildProcess | null)?.kill('SIGKILL'))
  await start()
  return { url, port, stop, start }
}

/** True when a connection and `select 1` succeed right now. */
export async function accepts(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

function outputOf(child: ChildProcess): Promise<string> {
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return new Promise((resolve) => child.once('exit', () => resolve(output)))
}
