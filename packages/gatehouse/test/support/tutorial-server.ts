import { spawn } from 'node:child_process'
import { freePort } from './ports.ts'

const root = new URL('../../../../', import.meta.url).pathname

/** A running tutorial server process (`npm start` in examples/tutorial). */
export interface TutorialServer {
  /** Where this process listens (`http://127.0.0.1:<port>`). */
  readonly url: string
  readonly port: number
  /** Its `PUBLIC_URL`: the origin a browser uses (the load balancer's, in a multi-node test). */
  readonly publicUrl: string
  /** Everything it printed so far (for failure messages). */
  output(): string
  /** SIGTERM, then SIGKILL if it has not exited within 5 seconds. */
  stop(): Promise<void>
  /** Sends a signal (SIGKILL: a crash, no shutdown code runs) and waits for the process to end. */
  kill(signal: NodeJS.Signals): Promise<void>
  /** True while the process runs. */
  running(): boolean
}

export interface TutorialServerOptions {
  /**
   * Environment on top of this process's (`undefined` removes a variable, so a developer's own
   * `REDIS_URL` cannot leak into a test that means the SQL store). Defaults: NODE_ENV
   * development, PORT (a free one), HOST 127.0.0.1, PUBLIC_URL http://localhost:<port>.
   */
  readonly env?: Record<string, string | undefined>
  /** How long to wait for "listening on" (default 20 s). */
  readonly startTimeoutMs?: number
}

/**
 * Starts the tutorial app as a separate Node process on a free port and waits until it listens.
 * The process is killed when this process exits, even after a failed test.
 *
 * @example
 * const node = await startTutorialServer({ env: { DATABASE_URL: url, REDIS_URL: redisUrl } })
 * await fetch(`${node.url}/session/new`)
 * await node.stop()
 */
export async function startTutorialServer(options: TutorialServerOptions = {}): Promise<TutorialServer> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://localhost:${port}`,
    ...options.env,
  }
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name]
  const child = spawn(process.execPath, ['--conditions=gatehouse-source', '--import', 'tsx', 'examples/tutorial/src/server.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))

  const stop = async () => {
    process.removeListener('exit', killOnExit)
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }

  const deadline = Date.now() + (options.startTimeoutMs ?? 20_000)
  while (!output.includes('listening on')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop()
      throw new Error(`tutorial server did not start:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const kill = async (signal: NodeJS.Signals) => {
    process.removeListener('exit', killOnExit)
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill(signal)
    await exited
  }
  const running = () => child.exitCode === null && child.signalCode === null
  return { url, port, publicUrl: env.PUBLIC_URL as string, output: () => output, stop, kill, running }
}
