import { hash } from '@node-rs/argon2'
import { announceReady } from '../../harness/child-side.ts'
import { BENCH_PASSWORD } from '../../harness/dataset.ts'

/**
 * Child entry: the raw argon2id reference: `@node-rs/argon2` hashing with Gatehouse's default
 * parameters (m=19 MiB, t=2, p=1) in a process of its own, `concurrency` hashes in flight, no
 * HTTP, no database. Sign-in throughput is compared with this.
 */
export interface HashRun {
  readonly seconds: number
  readonly concurrency: number
}

const ARGON2ID = 2
const PARAMS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

async function hashFor(run: HashRun): Promise<{ completed: number; seconds: number }> {
  const started = performance.now()
  const deadline = started + run.seconds * 1000
  let completed = 0
  async function worker(): Promise<void> {
    while (performance.now() < deadline) {
      await hash(BENCH_PASSWORD, PARAMS)
      completed++
    }
  }
  await Promise.all(Array.from({ length: run.concurrency }, worker))
  return { completed, seconds: (performance.now() - started) / 1000 }
}

announceReady({}, { hash: (payload) => hashFor(payload as HashRun) })
