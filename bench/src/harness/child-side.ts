/** The handlers a child offers to its parent, by request kind. */
export type Handlers = Record<string, (payload: unknown) => unknown>

/** The configuration the parent passed in `BENCH_CONFIG`. */
export function readChildConfig<T>(): T {
  const raw = process.env.BENCH_CONFIG
  if (!raw) throw new Error('BENCH_CONFIG is not set: start this file through startChild()')
  return JSON.parse(raw) as T
}

/**
 * Tells the parent this child is ready (with, e.g., its port) and answers its requests. Every
 * child also answers `memory` (its own `process.memoryUsage()`), and exits when the parent goes
 * away, so no benchmark process outlives the run.
 *
 * @example
 * announceReady({ port }, { stats: () => counters })
 */
export function announceReady(ready: Record<string, unknown>, handlers: Handlers = {}): void {
  const all: Handlers = { memory: () => process.memoryUsage(), ...handlers }
  process.on('message', (raw) => {
    const message = raw as { id: number; kind: string; payload: unknown }
    const handler = all[message.kind]
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`no handler for ${message.kind}`)
        return handler(message.payload)
      })
      .then(
        (value) => process.send?.({ replyTo: message.id, ok: true, value }),
        (error: unknown) => process.send?.({ replyTo: message.id, ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) }),
      )
  })
  process.once('disconnect', () => process.exit(0))
  process.once('SIGTERM', () => process.exit(0))
  process.send?.(ready)
}
