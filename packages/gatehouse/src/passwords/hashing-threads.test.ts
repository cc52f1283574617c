import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { describe, test } from 'node:test'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { hashingThreadPriority, hashOnThread, stopHashingThreads, verifyOnThread } from './hashing-threads.ts'

const PASSWORD = 'correct horse battery staple'
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

describe('hashing threads', () => {
  test('should hash to argon2id and verify the right password, refusing a wrong one', async () => {
    const phc = await hashOnThread(PASSWORD, OPTIONS)
    assert.match(phc, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    assert.equal(await verifyOnThread(phc, PASSWORD), true)
    assert.equal(await verifyOnThread(phc, 'wrong password'), false)
  })

  test('should answer false, not throw, for a malformed stored hash', async () => {
    for (const stored of ['', 'garbage', '$argon2id$v=19$m=19456,t=2,p=1$%%%$%%%']) assert.equal(await verifyOnThread(stored, PASSWORD), false, stored)
  })

  test('should reject a hash argon2 refuses, and keep hashing afterwards', async () => {
    await assert.rejects(hashOnThread(PASSWORD, { ...OPTIONS, memoryCost: 1 }), /argon2 failed: Memory cost is too small/)
    assert.match(await hashOnThread(PASSWORD, OPTIONS), /^\$argon2id\$/)
  })

  test('should complete every one of many concurrent calls', async () => {
    const passwords = Array.from({ length: 7 }, (_, i) => `${PASSWORD} ${i}`)
    const hashes = await Promise.all(passwords.map((password) => hashOnThread(password, OPTIONS)))
    const checks = await Promise.all(hashes.flatMap((phc, i) => [verifyOnThread(phc, passwords[i] ?? ''), verifyOnThread(phc, PASSWORD)]))
    assert.deepEqual(checks, passwords.flatMap(() => [true, false]))
  })

  test('should run the threads at a lowered priority on Linux', async () => {
    await hashOnThread(PASSWORD, OPTIONS)
    const priority = hashingThreadPriority()
    if (process.platform === 'linux') assert.ok(priority === 'idle' || priority === 'nice', priority)
    else assert.notEqual(priority, 'unknown')
  })

  test('should fail a hash whose thread stops with a clear error, then start a new thread for the next one', async () => {
    const failed = assert.rejects(hashOnThread(PASSWORD, OPTIONS), /a password hashing thread exited with code \d+ before it finished/)
    await stopHashingThreads()
    await failed
    assert.equal(hashingThreadPriority(), 'unknown')
    assert.match(await hashOnThread(PASSWORD, OPTIONS), /^\$argon2id\$/)
  })

  test('should keep a process alive while a hash is pending, and let it exit once idle', async () => {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
    const argon2 = fileURLToPath(new URL('./argon2.ts', import.meta.url))
    const script = `import { hashArgon2id, DEFAULT_ARGON2_PARAMS } from ${JSON.stringify(argon2)}
hashArgon2id('a password', DEFAULT_ARGON2_PARAMS).then((phc) => console.log(phc))`
    // Another working directory: the threads must find @node-rs/argon2 from Gatehouse's own path.
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], { cwd: tmpdir(), timeout: 30_000 })
    assert.match(stdout, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$\S+\n$/)
  })
})
