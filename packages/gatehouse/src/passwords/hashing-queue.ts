import { availableParallelism } from 'node:os'
import { GatehouseConfigError } from '../errors.ts'

/**
 * How many password hashes and verifications run at once, and how many may wait for a turn.
 * argon2 takes ~19 MiB and a libuv thread per call: without a cap a flood of sign-ins queues
 * hundreds of them on the thread pool (file reads and DNS of every other route wait behind them)
 * and in memory.
 */
export interface HashingQueueOptions {
  /** Default: the cores, but one fewer than libuv's thread pool (UV_THREADPOOL_SIZE, 4), at least 1. */
  readonly concurrency?: number
  /** Default: 50 per concurrent slot. Past it, a hash is refused with `PasswordHashingBusyError` (503). */
  readonly maxQueued?: number
}

export interface ResolvedHashingQueue {
  readonly concurrency: number
  readonly maxQueued: number
}

/**
 * Thrown when the hashing queue is full: the request is answered 503 with `Retry-After`
 * (like an unreachable session store) instead of waiting behind a flood.
 *
 * @example
 * try { await core.authenticateUser(fields) } catch (error) { if (error instanceof PasswordHashingBusyError) return answer503() }
 */
export class PasswordHashingBusyError extends Error {
  override name = 'PasswordHashingBusyError'
}

/** Runs password work at most `concurrency` at a time, in arrival order. */
export interface HashingQueue {
  run<T>(work: () => Promise<T>): Promise<T>
}

/**
 * @example
 * resolveHashingQueue({}) // { concurrency: 3, maxQueued: 150 } on a machine with 4 or more cores
 */
export function resolveHashingQueue(options: HashingQueueOptions = {}): ResolvedHashingQueue {
  const poolSize = Number(process.env.UV_THREADPOOL_SIZE) || 4
  const concurrency = options.concurrency ?? Math.max(1, Math.min(availableParallelism(), poolSize - 1))
  const maxQueued = options.maxQueued ?? 50 * concurrency
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new GatehouseConfigError(`passwordHashingQueue.concurrency must be a whole number of at least 1, got ${options.concurrency}`)
  if (!Number.isSafeInteger(maxQueued) || maxQueued < 0) throw new GatehouseConfigError(`passwordHashingQueue.maxQueued must be a whole number of at least 0, got ${options.maxQueued}`)
  return Object.freeze({ concurrency, maxQueued })
}

/**
 * A semaphore with a bounded wait list. A queued call that is refused never started, so the
 * refusal costs nothing; a started one always finishes.
 *
 * @example
 * const queue = createHashingQueue({ concurrency: 2, maxQueued: 100 })
 * const hash = await queue.run(() => hashArgon2id(password, params))
 */
export function createHashingQueue(options: ResolvedHashingQueue): HashingQueue {
  let running = 0
  const waiting: Array<() => void> = []
  const release = () => {
    const next = waiting.shift()
    if (next) next()
    else running--
  }
  return {
    async run(work) {
      if (running < options.concurrency) running++
      else if (waiting.length < options.maxQueued) await new Promise<void>((resolve) => waiting.push(resolve))
      else throw new PasswordHashingBusyError('too many password checks are waiting; try again in a moment')
      try {
        return await work()
      } finally {
        release()
      }
    },
  }
}

/**
 * `GATEHOUSE_PASSWORD_HASHING_CONCURRENCY` and `GATEHOUSE_PASSWORD_HASHING_QUEUE` as options
 * (unset: the defaults).
 *
 * @example
 * hashingQueueFromEnv({ GATEHOUSE_PASSWORD_HASHING_CONCURRENCY: '2' }) // { concurrency: 2 }
 */
export function hashingQueueFromEnv(env: NodeJS.ProcessEnv): HashingQueueOptions {
  const read = (name: string) => {
    const text = env[name]?.trim()
    if (!text) return undefined
    if (!/^\d{1,6}$/.test(text)) throw new GatehouseConfigError(`${name} must be a whole number, got ${JSON.stringify(text)}`)
    return Number(text)
  }
  const concurrency = read('GATEHOUSE_PASSWORD_HASHING_CONCURRENCY')
  const maxQueued = read('GATEHOUSE_PASSWORD_HASHING_QUEUE')
  return { ...(concurrency === undefined ? {} : { concurrency }), ...(maxQueued === undefined ? {} : { maxQueued }) }
}
