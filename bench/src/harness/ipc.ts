import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'

/** What a child sends back for one request: a value, or the message of the error it hit. */
type Reply = { readonly replyTo: number; readonly ok: true; readonly value: unknown } | { readonly replyTo: number; readonly ok: false; readonly error: string }

/** A child process that answers typed requests over Node's IPC channel. */
export interface ChildHandle {
  readonly pid: number
  readonly name: string
  /** The first message the child sent (servers announce their port in it). */
  readonly ready: Record<string, unknown>
  request<T>(kind: string, payload?: unknown): Promise<T>
  /** Ends the child and waits for it to exit (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>
}

const REPO_ROOT = new URL('../../../', import.meta.url).pathname

/**
 * Starts a TypeScript entry point in a child process (through tsx) with its configuration in
 * `BENCH_CONFIG`, and waits until it says it is ready. Children die with their parent: they exit
 * when the IPC channel closes.
 *
 * @example
 * const server = await startChild('bench/src/contenders/bare/server.ts', { page }, 'bare')
 * const port = server.ready.port as number
 */
export function startChild(entry: string, config: unknown, name: string, options: { readyTimeoutMs?: number; env?: Record<string, string>; execArgv?: string[] } = {}): Promise<ChildHandle> {
  const child = fork(entry, [], {
    cwd: REPO_ROOT,
    execArgv: ['--conditions=gatehouse-source', '--import', 'tsx', ...(options.execArgv ?? [])],
    env: { ...process.env, NODE_ENV: 'production', ...options.env, BENCH_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${name} was not ready within ${options.readyTimeoutMs ?? 600_000} ms`))
    }, options.readyTimeoutMs ?? 600_000)
    const onExit = (code: number | null) => {
      clearTimeout(timer)
      reject(new Error(`${name} exited with code ${code} before it was ready`))
    }
    child.once('exit', onExit)
    child.once('message', (message) => {
      clearTimeout(timer)
      child.off('exit', onExit)
      resolve(wrapChild(child, name, message as Record<string, unknown>))
    })
  })
}

function wrapChild(child: ChildProcess, name: string, ready: Record<string, unknown>): ChildHandle {
  let nextId = 1
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  let exited = false
  child.on('message', (raw) => {
    const reply = raw as Reply
    const waiting = pending.get(reply.replyTo)
    if (!waiting) return
    pending.delete(reply.replyTo)
    if (reply.ok) waiting.resolve(reply.value)
    else waiting.reject(new Error(`${name}: ${reply.error}`))
  })
  child.once('exit', (code, signal) => {
    exited = true
    for (const waiting of pending.values()) waiting.reject(new Error(`${name} exited (${signal ?? code}) during a request`))
    pending.clear()
  })
  return {
    pid: child.pid as number,
    name,
    ready,
    request<T>(kind: string, payload?: unknown): Promise<T> {
      if (exited) return Promise.reject(new Error(`${name} is not running`))
      const id = nextId++
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
        child.send({ id, kind, payload })
      })
    },
    stop() {
      if (exited) return Promise.resolve()
      return new Promise<void>((resolve) => {
        const killer = setTimeout(() => child.kill('SIGKILL'), 5_000)
        child.once('exit', () => {
          clearTimeout(killer)
          resolve()
        })
        child.kill('SIGTERM')
      })
    },
  }
}
