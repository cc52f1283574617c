import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './ports.ts'
import { onCleanup, skipReason } from './services.ts'

/**
 * A redis-server of the test's own, on a free port, that the test may stop and start again
 * (outage tests must never touch the shared Redis on 6379). With `persist`, writes go to an
 * append-only file in a temporary folder, so data survives a restart as with a production Redis.
 */
export interface RedisServer {
  readonly url: string
  readonly port: number
  /** Stops it: `SIGTERM` (a clean shutdown) or `SIGKILL` (a crash). */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>
  /** Starts it again on the same port. */
  start(): Promise<void>
  /** Freezes it (`SIGSTOP`): connections stay open but nothing is answered, as in a network partition. */
  freeze(): void
  thaw(): void
}

/** Null when `redis-server` can be started, else why the suites using it are skipped (thrown in CI). */
export function redisServerSkipReason(): string | null {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' })
  return skipReason('redis-server binary', probe.error ? `redis-server not runnable (${probe.error.message}); apt-get install -y redis-server` : null)
}

/**
 * @example
 * const server = await startRedisServer({ persist: true })
 * await server.stop()
 * await server.start()
 */
export async function startRedisServer(options: { persist?: boolean } = {}): Promise<RedisServer> {
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-redis-'))
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning']
  args.push(...(options.persist ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']))
  let child: ChildProcess | null = null

  const start = async () => {
    const started = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    child = started
    await waitUntilAccepting(started, port)
  }
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    const running = child
    child = null
    if (!running || running.exitCode !== null || running.signalCode !== null) return
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()))
    running.kill('SIGCONT')
    running.kill(signal)
    await exited
  }
  onCleanup(async () => {
    await stop('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })
  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    start,
    freeze: () => void child?.kill('SIGSTOP'),
    thaw: () => void child?.kill('SIGCONT'),
  }
}

async function waitUntilAccepting(child: ChildProcess, port: number): Promise<void> {
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const deadline = Date.now() + 10_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server on port ${port} exited:\n${output}`)
    if (await answersPing(port)) return
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** True when something on the port answers a Redis PING with PONG (not LOADING, not refused). */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let reply = ''
    const done = (answer: boolean) => {
      socket.destroy()
      resolve(answer)
    }
    socket.setTimeout(500, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.on('data', (chunk) => {
      reply += chunk.toString()
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'))
    })
  })
}
