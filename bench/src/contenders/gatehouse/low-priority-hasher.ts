import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'

/**
 * An experiment, not part of Gatehouse: argon2id on worker threads (one per core) that lower
 * their own scheduling priority before hashing. On Linux `os.setPriority` inside a worker
 * changes only that thread, so the kernel runs the event loop first whenever it has a request
 * to serve, and the hashes still get every idle cycle. Compared in scenarios 2 and 3 with
 * Gatehouse's default (libuv's four threads at the event loop's priority).
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { setPriority } = require('node:os')
const { hashSync, verifySync } = require('@node-rs/argon2')
setPriority(0, 19)
parentPort.on('message', ({ id, op, password, stored, options }) => {
  try {
    const value = op === 'hash' ? hashSync(password, options) : verifySync(stored, password)
    parentPort.postMessage({ id, value })
  } catch (error) {
    parentPort.postMessage({ id, error: String(error) })
  }
})
`

interface Task {
  readonly id: number
  readonly op: 'hash' | 'verify'
  readonly password: string
  readonly stored?: string
  readonly options?: object
}

/** A pool of low-priority hashing threads: `hash` and `verify` like `@node-rs/argon2`'s. */
export function createLowPriorityHasher(size = availableParallelism()) {
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  const queue: Task[] = []
  const idle: Worker[] = []
  let nextId = 1

  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) (idle.pop() as Worker).postMessage(queue.shift())
  }
  for (let i = 0; i < size; i++) {
    const worker = new Worker(WORKER_SOURCE, { eval: true })
    worker.unref()
    worker.on('message', ({ id, value, error }: { id: number; value?: unknown; error?: string }) => {
      const task = waiting.get(id)
      waiting.delete(id)
      if (error === undefined) task?.resolve(value)
      else task?.reject(new Error(error))
      idle.push(worker)
      dispatch()
    })
    idle.push(worker)
  }
  const run = <T>(task: Omit<Task, 'id'>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject })
      queue.push({ ...task, id })
      dispatch()
    })
  return {
    hash: (password: string, options: object) => run<string>({ op: 'hash', password, options }),
    verify: (stored: string, password: string) => run<boolean>({ op: 'verify', stored, password }).catch(() => false),
  }
}
