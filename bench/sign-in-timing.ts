/**
 * Sign-in failure timing: wrong password for an existing user vs an unknown email, through the
 * real HTTP handler (POST /session), interleaved so both kinds see the same machine noise.
 * Prints the median (and p90) of each kind and their ratio. Run: npm run bench:sign-in-timing
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createGatehouse } from '../packages/gatehouse/src/index.ts'
import { TestBrowser } from '../packages/gatehouse/test/support/browser.ts'

const ROUNDS = Number(process.env.ROUNDS ?? 200)
const PASSWORD = 'correct horse battery staple'

const gatehouse = await createGatehouse({
  database: `sqlite:${join(mkdtempSync(join(tmpdir(), 'gatehouse-bench-')), 'bench.sqlite')}`,
  secret: 'bench-secret-that-is-long-enough-for-gatehouse',
  publicUrl: 'http://localhost:4000',
  // 400 failed sign-ins from one client on one email: the limits would answer 429 (docs/rate-limits.md).
  rateLimits: { enabled: false },
})
const browser = new TestBrowser((request) => gatehouse.fetch(request))
await browser.register({ email: 'known@example.com', password: PASSWORD, account_name: 'Bench' })
await browser.signOut()
await browser.get('/session/new')

async function timeSignIn(email: string): Promise<number> {
  const started = performance.now()
  const response = await browser.submit('/session', { 'user[email]': email, 'user[password]': 'wrong password, long enough' })
  const elapsed = performance.now() - started
  if (response.status !== 422) throw new Error(`expected 422, got ${response.status}`)
  return elapsed
}

for (let i = 0; i < 10; i++) await timeSignIn(i % 2 ? 'known@example.com' : 'nobody@example.com') // warm-up

const wrongPassword: number[] = []
const unknownEmail: number[] = []
for (let i = 0; i < ROUNDS; i++) {
  // Alternate which kind goes first so neither always follows the other.
  if (i % 2 === 0) {
    wrongPassword.push(await timeSignIn('known@example.com'))
    unknownEmail.push(await timeSignIn(`nobody${i}@example.com`))
  } else {
    unknownEmail.push(await timeSignIn(`nobody${i}@example.com`))
    wrongPassword.push(await timeSignIn('known@example.com'))
  }
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number
}
const row = (name: string, values: number[]) =>
  `${name.padEnd(16)} median ${quantile(values, 0.5).toFixed(2)} ms   p90 ${quantile(values, 0.9).toFixed(2)} ms   (n=${values.length})`
console.log(`sign-in failure timing, ${new Date().toISOString()}, node ${process.version}`)
console.log(row('wrong password', wrongPassword))
console.log(row('unknown email', unknownEmail))
console.log(`ratio of medians (unknown / wrong): ${(quantile(unknownEmail, 0.5) / quantile(wrongPassword, 0.5)).toFixed(3)}`)
await gatehouse.close()
