import assert from 'node:assert/strict'
import { availableParallelism } from 'node:os'
import { describe, test } from 'node:test'
import { loadEnvConfig } from '../config/env.ts'
import { GatehouseConfigError } from '../errors.ts'
import { createHashingQueue, hashingQueueFromEnv, PasswordHashingBusyError, resolveHashingQueue } from './hashing-queue.ts'
import { createPasswordHasher } from './password-hasher.ts'

/** Work that finishes when the test says so, counting how many run at once. */
function gate() {
  let running = 0
  let most = 0
  const releases: Array<() => void> = []
  const work = () =>
    new Promise<string>((resolve) => {
      running++
      most = Math.max(most, running)
      releases.push(() => {
        running--
        resolve('done')
      })
    })
  return { work, releaseAll: () => releases.splice(0).forEach((release) => release()), started: () => releases.length, most: () => most }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('createHashingQueue', () => {
  test("should run one owner's checks one at a time, so a burst against one account leaves room for everybody else", async () => {
    const queue = createHashingQueue({ concurrency: 1, concurrencyWhileServing: 1, maxQueued: 3 })
    const work = gate()
    const burst = Array.from({ length: 10 }, () => queue.run(work.work, 'victim@example.com').then(() => 'served', (e: Error) => e.name))
    const others = ['ada@example.com', 'bob@example.com', 'cy@example.com'].map((owner) => queue.run(work.work, owner).then(() => 'served', (e: Error) => e.name))
    while ((await Promise.race([Promise.all(others), tick().then(() => null)])) === null) work.releaseAll()
    assert.deepEqual(await Promise.all(others), ['served', 'served', 'served'], 'other people were refused while one account was hammered')
    while ((await Promise.race([Promise.all(burst), tick().then(() => null)])) === null) work.releaseAll()
    const outcomes = await Promise.all(burst)
    assert.equal(work.most(), 1)
    // One running plus three waiting in its own line; the rest of that one account is refused.
    assert.deepEqual([outcomes.filter((o) => o === 'served').length, outcomes.filter((o) => o === 'PasswordHashingBusyError').length], [4, 6])
  })

  test('should run at most `concurrency` at once, queue the next ones in order and refuse past the queue', async () => {
    const queue = createHashingQueue({ concurrency: 2, concurrencyWhileServing: 1, maxQueued: 2 })
    const work = gate()
    const order: number[] = []
    const runs = [0, 1, 2, 3].map((i) => queue.run(async () => (await work.work(), order.push(i))))
    await assert.rejects(queue.run(work.work), PasswordHashingBusyError)
    await tick()
    assert.equal(work.started(), 2)
    while (order.length < 4) {
      work.releaseAll()
      await tick()
    }
    await Promise.all(runs)
    assert.deepEqual(order, [0, 1, 2, 3])
    assert.equal(work.most(), 2)
    // Once drained, a new call starts at once.
    const again = queue.run(async () => 'again')
    assert.equal(await again, 'again')
  })

  test('should free the slot when the work fails', async () => {
    const queue = createHashingQueue({ concurrency: 1, concurrencyWhileServing: 1, maxQueued: 0 })
    await assert.rejects(queue.run(() => Promise.reject(new Error('boom'))), /boom/)
    assert.equal(await queue.run(async () => 'next'), 'next')
  })

  test('should send every hash, verification and dummy verification of a hasher through its queue', async () => {
    const queue = createHashingQueue({ concurrency: 1, concurrencyWhileServing: 1, maxQueued: 0 })
    const passwords = createPasswordHasher(undefined, queue)
    const stored = await passwords.hash('correct horse battery staple')
    const first = passwords.verify(stored, 'wrong password')
    await assert.rejects(passwords.verify(stored, 'correct horse battery staple'), PasswordHashingBusyError)
    await assert.rejects(passwords.verifyDummy('anything'), PasswordHashingBusyError)
    await assert.rejects(passwords.hash('anything else'), PasswordHashingBusyError)
    assert.equal((await first).valid, false)
    assert.equal(await passwords.verifyDummy('anything'), false)
  })

  test('should run at most `concurrencyWhileServing` within a second of an interactive request, then `concurrency` again', async () => {
    let now = 5_000
    const queue = createHashingQueue({ concurrency: 3, concurrencyWhileServing: 1, maxQueued: 10 }, () => now)
    const work = gate()
    queue.noteInteractiveRequest()
    const runs = [0, 1, 2].map(() => queue.run(work.work))
    await tick()
    assert.equal(work.started(), 1)
    now += 999
    work.releaseAll()
    await tick()
    assert.equal(work.started(), 1, 'still serving: one at a time')
    now += 1
    work.releaseAll()
    const more = [3, 4].map(() => queue.run(work.work))
    await tick()
    assert.equal(work.started(), 3, 'a second without page views: every slot')
    queue.noteInteractiveRequest()
    const last = queue.run(work.work)
    await tick()
    assert.equal(work.started(), 3, 'running hashes go on; no new one starts while three run')
    work.releaseAll()
    await tick()
    assert.equal(work.started(), 1, 'serving again: one at a time')
    work.releaseAll()
    await Promise.all([...runs, ...more, last])
    assert.equal(work.most(), 3)
  })
})

describe('resolveHashingQueue', () => {
  test('should default to one slot per core, one fewer while serving (at least 1), and 50 waiting per slot', () => {
    const { concurrency, concurrencyWhileServing, maxQueued } = resolveHashingQueue()
    assert.equal(concurrency, availableParallelism())
    assert.equal(concurrencyWhileServing, Math.max(1, concurrency - 1))
    assert.equal(maxQueued, 50 * concurrency)
    assert.deepEqual(resolveHashingQueue({ concurrency: 4, maxQueued: 10 }), { concurrency: 4, concurrencyWhileServing: 3, maxQueued: 10 })
    assert.deepEqual(resolveHashingQueue({ concurrency: 1 }), { concurrency: 1, concurrencyWhileServing: 1, maxQueued: 50 })
    assert.deepEqual(resolveHashingQueue({ concurrency: 2, concurrencyWhileServing: 2 }), { concurrency: 2, concurrencyWhileServing: 2, maxQueued: 100 })
  })

  test('should refuse nonsense and read the environment', () => {
    for (const options of [{ concurrency: 0 }, { concurrency: 1.5 }, { maxQueued: -1 }, { concurrency: 2, concurrencyWhileServing: 0 }, { concurrency: 2, concurrencyWhileServing: 3 }, { concurrency: 2, concurrencyWhileServing: 1.5 }]) {
      assert.throws(() => resolveHashingQueue(options), GatehouseConfigError, JSON.stringify(options))
    }
    assert.throws(() => resolveHashingQueue({ concurrency: 2, concurrencyWhileServing: 3 }), /concurrencyWhileServing must be a whole number from 1 to concurrency \(2\), got 3/)
    assert.deepEqual(hashingQueueFromEnv({ GATEHOUSE_PASSWORD_HASHING_CONCURRENCY: '3', GATEHOUSE_PASSWORD_HASHING_QUEUE: '0' }), { concurrency: 3, maxQueued: 0 })
    assert.deepEqual(hashingQueueFromEnv({ GATEHOUSE_PASSWORD_HASHING_CONCURRENCY: '3', GATEHOUSE_PASSWORD_HASHING_CONCURRENCY_WHILE_SERVING: '2' }), { concurrency: 3, concurrencyWhileServing: 2 })
    assert.throws(() => hashingQueueFromEnv({ GATEHOUSE_PASSWORD_HASHING_QUEUE: 'many' }), /GATEHOUSE_PASSWORD_HASHING_QUEUE/)
    assert.throws(() => hashingQueueFromEnv({ GATEHOUSE_PASSWORD_HASHING_CONCURRENCY_WHILE_SERVING: '-1' }), /GATEHOUSE_PASSWORD_HASHING_CONCURRENCY_WHILE_SERVING must be a whole number/)
  })

  test('should stop start-up when the environment asks for more slots while serving than in all', () => {
    const env = { GATEHOUSE_SECRET: 's'.repeat(40), GATEHOUSE_PASSWORD_HASHING_CONCURRENCY: '1', GATEHOUSE_PASSWORD_HASHING_CONCURRENCY_WHILE_SERVING: '2' }
    assert.throws(() => loadEnvConfig(env), GatehouseConfigError)
    assert.deepEqual(loadEnvConfig({ ...env, GATEHOUSE_PASSWORD_HASHING_CONCURRENCY: '2' }).passwordHashingQueue, { concurrency: 2, concurrencyWhileServing: 2 })
  })
})
