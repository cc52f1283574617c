import type { ChildHandle } from './ipc.ts'
import { startChild } from './ipc.ts'
import type { FormResult } from './load-types.ts'
import type { RunContext } from './run-context.ts'

/** The raw argon2id hasher process (see contenders/argon2/hasher.ts). */
export function startHasher(): Promise<ChildHandle> {
  return startChild('bench/src/contenders/argon2/hasher.ts', {}, 'argon2 hasher')
}

/** Hashes per second with `concurrency` in flight, shaped like a form result so tables treat both alike. */
export async function measureHashes(ctx: RunContext, hasher: ChildHandle, concurrency: number): Promise<FormResult> {
  await hasher.request('hash', { seconds: ctx.profile.warmupSeconds, concurrency })
  const run = await hasher.request<{ completed: number; seconds: number }>('hash', { seconds: ctx.profile.formSeconds, concurrency })
  const none = { p50: Number.NaN, p90: Number.NaN, p99: Number.NaN, max: Number.NaN }
  return { completed: run.completed, unexpected: 0, errors: 0, seconds: run.seconds, perSecond: run.completed / run.seconds, latency: none }
}
