import { availableParallelism } from 'node:os'
import { GatehouseConfigError } from '../errors.ts'

/**
 * How many password hashes and verifications run at once, and how many may wait for a turn.
 * argon2 takes ~19 MiB and a core per call: without a cap a flood of sign-ins queues hundreds of
 * them in memory. While the app is also serving other requests (page views), one core is kept
 * free for them.
 */
export interface HashingQueueOptions {
  /** Default: the cores (`availableParallelism()`). Hashing runs on Gatehouse's own threads, at most one per core. */
  readonly concurrency?: number
  /**
   * The cap while the app is serving other requests (`noteInteractiveRequest` in the last second),
   * so page views keep a core. Default: one fewer than `concurrency`, at least 1; at most `concurrency`.
   */
  readonly concurrencyWhileServing?: number
  /** Default: 50 per concurrent slot. Past it, a hash is refused with `PasswordHashingBusyError` (503). */
  readonly maxQueued?: number
}

export interface ResolvedHashingQueue {
  readonly concurrency: number
  readonly concurrencyWhileServing: number
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
  /**
   * Runs `work` when a slot is free. Work of one `owner` (the email whose password is checked)
   * runs one at a time and takes at most one place in the shared queue, so a burst against one
   * account cannot fill the queue and starve other people's sign-ins; past `maxQueued` waiting
   * in its own line, that owner's checks are refused (503), nobody else's.
   */
  run<T>(work: () => Promise<T>, owner?: string): Promise<T>
  /**
   * Records that the app is serving a request that does not hash (a page view): for the next
   * second at most `concurrencyWhileServing` hashes start at once. Running ones are never stopped.
   */
  noteInteractiveRequest(): void
}

/** How long after the last interactive request the lower limit holds. */
export const SERVING_WINDOW_MS = 1000

/**
 * @example
 * resolveHashingQueue({}) // { concurrency: 4, concurrencyWhileServing: 3, maxQueued: 200 } on a 4-core machine
 */
export function resolveHashingQueue(options: HashingQueueOptions = {}): ResolvedHashingQueue {
  const concurrency = options.concurrency ?? availableParallelism()
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new GatehouseConfigError(`passwordHashingQueue.concurrency must be a whole number of at least 1, got ${options.concurrency}`)
  const concurrencyWhileServing = options.concurrencyWhileServing ?? Math.max(1, concurrency - 1)
  const maxQueued = options.maxQueued ?? 50 * concurrency
  if (!Number.isSafeInteger(concurrencyWhileServing) || concurrencyWhileServing < 1 || concurrencyWhileServing > concurrency) {
    throw new GatehouseConfigError(`passwordHashingQueue.concurrencyWhileServing must be a whole number from 1 to concurrency (${concurrency}), got ${options.concurrencyWhileServing}`)
  }
  if (!Number.isSafeInteger(maxQueued) || maxQueued < 0) throw new GatehouseConfigError(`passwordHashingQueue.maxQueued must be a whole number of at least 0, got ${options.maxQueued}`)
  return Object.freeze({ concurrency, concurrencyWhileServing, maxQueued })
}

/**
 * A semaphore with a bounded wait list and two limits: `concurrency`, or
 * `concurrencyWhileServing` within a second of `noteInteractiveRequest()`. The limit applies
 * when a slot is taken. A queued call that is refused never started, so the refusal costs
 * nothing; a started one always finishes.
 *
 * @example
 * const queue = createHashingQueue({ concurrency: 2, concurrencyWhileServing: 1, maxQueued: 100 })
 * const hash = await queue.run(() => hashArgon2id(password, params))
 */
export function createHashingQueue(options: ResolvedHashingQueue, now: () => number = () => performance.now()): HashingQueue {
  let running = 0
  let lastInteractive = -Infinity
  const waiting: Array<() => void> = []
  const limit = () => (now() - lastInteractive < SERVING_WINDOW_MS ? options.concurrencyWhileServing : options.concurrency)
  const startWaiting = () => {
    const cap = limit()
    while (running < cap && waiting.length > 0) {
      running++
      waiting.shift()?.()
    }
  }
  const owners = new Map<string, Array<() => void>>()
  async function runShared<T>(work: () => Promise<T>): Promise<T> {
    startWaiting()
    if (waiting.length === 0 && running < limit()) running++
    else if (waiting.length < options.maxQueued) await new Promise<void>((resolve) => waiting.push(resolve))
    else throw new PasswordHashingBusyError('too many password checks are waiting; try again in a moment')
    try {
      return await work()
    } finally {
      running--
      startWaiting()
    }
  }
  return {
    async run(work, owner) {
      if (owner === undefined) return runShared(work)
      const line = owners.get(owner)
      if (!line) owners.set(owner, [])
      else if (line.length < options.maxQueued) await new Promise<void>((resolve) => line.push(resolve))
      else throw new PasswordHashingBusyError('too many password checks for one account are waiting; try again in a moment')
      try {
        return await runShared(work)
      } finally {
        const next = owners.get(owner)?.shift()
        if (next) next()
        else owners.delete(owner)
      }
    },
    noteInteractiveRequest() {
      lastInteractive = now()
    },
  }
}

/**
 * `GATEHOUSE_PASSWORD_HASHING_CONCURRENCY`, `GATEHOUSE_PASSWORD_HASHING_CONCURRENCY_WHILE_SERVING`
 * and `GATEHOUSE_PASSWORD_HASHING_QUEUE` as options (unset: the defaults).
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
  const options = {
    concurrency: read('GATEHOUSE_PASSWORD_HASHING_CONCURRENCY'),
    concurrencyWhileServing: read('GATEHOUSE_PASSWORD_HASHING_CONCURRENCY_WHILE_SERVING'),
    maxQueued: read('GATEHOUSE_PASSWORD_HASHING_QUEUE'),
  }
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined))
}
