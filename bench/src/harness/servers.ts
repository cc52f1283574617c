import type { ChildHandle } from './ipc.ts'
import { startChild } from './ipc.ts'

/** A contender's server process, listening on 127.0.0.1. */
export interface Server {
  readonly name: string
  readonly origin: string
  readonly child: ChildHandle
}

const CONTENDERS = 'bench/src/contenders'

/**
 * Starts a contender's server (`bench/src/contenders/<kind>/server.ts`) and returns its origin.
 *
 * @example
 * const bare = await startServer('bare', 'bare', {})
 */
export async function startServer(name: string, kind: string, config: unknown): Promise<Server> {
  const child = await startChild(`${CONTENDERS}/${kind}/server.ts`, config, name)
  return { name, origin: `http://127.0.0.1:${child.ready.port as number}`, child }
}

/** Runs a contender's seed script (`<kind>/seed.ts` by default) to completion; returns its seconds. */
export async function seedDatabase(name: string, kind: string, config: unknown, entry = 'seed.ts'): Promise<number> {
  const child = await startChild(`${CONTENDERS}/${kind}/${entry}`, config, `seed ${name}`)
  await child.stop()
  return child.ready.seconds as number
}

/** Stops servers, ignoring ones already gone. */
export async function stopAll(servers: readonly (Server | undefined)[]): Promise<void> {
  await Promise.all(servers.map((server) => server?.child.stop()))
}
