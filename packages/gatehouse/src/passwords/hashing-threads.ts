import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'

/**
 * The scheduling priority the hashing threads got: `idle` (Linux SCHED_IDLE: they run only when
 * a core has nothing else to do), `nice` (nice 19), `normal` (neither was allowed, or not Linux),
 * `unknown` (no thread has started yet).
 */
export type HashingThreadPriority = 'idle' | 'nice' | 'normal' | 'unknown'

/** What a hashing thread is asked to do; `options` are `@node-rs/argon2`'s. */
type HashingJob =
  | { readonly op: 'hash'; readonly password: string; readonly options: Readonly<Record<string, number>> }
  | { readonly op: 'verify'; readonly stored: string; readonly password: string }

type ThreadMessage = { kind: 'ready'; priority: HashingThreadPriority } | { kind: 'done'; value: string | boolean } | { kind: 'failed'; error: string }

interface Task {
  readonly job: HashingJob
  readonly resolve: (value: string | boolean) => void
  readonly reject: (error: Error) => void
}

interface HashingThread {
  readonly worker: Worker
  task: Task | null
  priority: HashingThreadPriority
  stopping: boolean
}

// CommonJS, evaluated in each thread. os.setPriority(0, …) and chrt on the thread's own id change
// that thread only (Linux schedules threads, not processes); elsewhere they would lower the
// whole process, event loop included, so the threads keep normal priority there.
// A malformed stored hash makes verifySync throw: that is a failed verification.
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
parentPort.postMessage({ kind: 'ready', priority: lowerPriority() })
const { hashSync, verifySync } = require(workerData.argon2Path)
parentPort.on('message', (job) => {
  try {
    const value = job.op === 'hash' ? hashSync(job.password, job.options) : verifyOrFalse(job.stored, job.password)
    parentPort.postMessage({ kind: 'done', value })
  } catch (error) {
    parentPort.postMessage({ kind: 'failed', error: error instanceof Error ? error.message : String(error) })
  }
})
function verifyOrFalse(stored, password) {
  try { return verifySync(stored, password) } catch { return false }
}
function lowerPriority() {
  if (process.platform !== 'linux') return 'normal'
  const { readFileSync, readlinkSync } = require('node:fs')
  const { getPriority, setPriority } = require('node:os')
  const { execFileSync } = require('node:child_process')
  try { setPriority(0, 19) } catch {}
  try {
    const threadId = readlinkSync('/proc/thread-self').split('/').pop()
    execFileSync('chrt', ['--idle', '-p', '0', threadId], { stdio: 'ignore', timeout: 5000 })
    const stat = readFileSync('/proc/thread-self/stat', 'utf8')
    // Field 41 of stat is the scheduling policy; 5 is SCHED_IDLE.
    if (stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38] === '5') return 'idle'
  } catch {}
  try { return getPriority(0) > 0 ? 'nice' : 'normal' } catch { return 'normal' }
}
`

const threads: HashingThread[] = []
const waiting: Task[] = []
let argon2Path: string | undefined

/**
 * Hashes on Gatehouse's hashing threads: a process-wide pool, at most one thread per core,
 * started on first use, each at the lowest priority it may set. A thread keeps the process
 * alive only while it works, so a CLI exits once its hashes are done.
 *
 * @example
 * const phc = await hashOnThread('correct horse battery staple', { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 })
 */
export async function hashOnThread(password: string, options: Readonly<Record<string, number>>): Promise<string> {
  return String(await run({ op: 'hash', password, options }))
}

/**
 * `verifySync` on a hashing thread: false for a wrong password or a malformed stored hash;
 * rejects only when the thread dies.
 *
 * @example
 * await verifyOnThread(phc, 'correct horse battery staple') // true
 */
export async function verifyOnThread(stored: string, password: string): Promise<boolean> {
  return (await run({ op: 'verify', stored, password })) === true
}

/**
 * The lowest priority any running hashing thread got (`normal` if one of them could not lower
 * its own), or `unknown` before the first hash.
 *
 * @example
 * await hashArgon2id(password, DEFAULT_ARGON2_PARAMS)
 * hashingThreadPriority() // 'idle' on Linux with chrt (util-linux), 'nice' without it
 */
export function hashingThreadPriority(): HashingThreadPriority {
  const reported = new Set(threads.map((thread) => thread.priority))
  reported.delete('unknown')
  for (const priority of ['normal', 'nice', 'idle'] as const) if (reported.has(priority)) return priority
  return 'unknown'
}

/**
 * Stops every hashing thread; a hash or verification still running fails. The next call starts
 * fresh threads. Not needed before exiting (idle threads never keep the process alive).
 *
 * @example
 * await stopHashingThreads()
 */
export async function stopHashingThreads(): Promise<void> {
  for (const thread of threads) thread.stopping = true
  await Promise.all(threads.map((thread) => thread.worker.terminate()))
}

function run(job: HashingJob): Promise<string | boolean> {
  return new Promise((resolve, reject) => {
    const task = { job, resolve, reject }
    waiting.push(task)
    try {
      dispatch()
    } catch (error) {
      // No thread could start (@node-rs/argon2 not installed): this call fails, nothing waits.
      waiting.splice(waiting.indexOf(task), 1)
      reject(error instanceof Error ? error : new Error(String(error)))
    }
  })
}

function dispatch(): void {
  while (waiting.length > 0) {
    const thread = threads.find((candidate) => candidate.task === null && !candidate.stopping) ?? (threads.length < availableParallelism() ? startThread() : undefined)
    if (!thread) return
    const task = waiting.shift() as Task
    thread.task = task
    thread.worker.ref()
    thread.worker.postMessage(task.job)
  }
}

function startThread(): HashingThread {
  argon2Path ??= createRequire(import.meta.url).resolve('@node-rs/argon2')
  // execArgv: [] keeps the parent's loaders (tsx) out of a thread that needs none.
  const worker = new Worker(THREAD_SOURCE, { eval: true, execArgv: [], workerData: { argon2Path } })
  const thread: HashingThread = { worker, task: null, priority: 'unknown', stopping: false }
  worker.on('message', (message: ThreadMessage) => {
    if (message.kind === 'ready') {
      thread.priority = message.priority
      return
    }
    const task = thread.task
    thread.task = null
    worker.unref()
    if (message.kind === 'done') task?.resolve(message.value)
    else task?.reject(new Error(`argon2 failed: ${message.error}`))
    dispatch()
  })
  worker.on('error', (error: unknown) => stopped(thread, `failed: ${error instanceof Error ? error.message : String(error)}`, error))
  worker.on('exit', (code) => stopped(thread, `exited with code ${code}`))
  threads.push(thread)
  return thread
}

/** Forgets a dead thread and fails its task; the next task starts a replacement. */
function stopped(thread: HashingThread, how: string, cause?: unknown): void {
  const index = threads.indexOf(thread)
  if (index === -1) return
  threads.splice(index, 1)
  const task = thread.task
  thread.task = null
  task?.reject(new Error(`a password hashing thread ${how} before it finished`, { cause }))
  dispatch()
}
