import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { runGatehouse } from '../../test/support/cli.ts'

const tutorial = new URL('../../../../examples/tutorial/', import.meta.url).pathname

test("should print the tutorial's routes from its config: Gatehouse's, reset password's and the app's, with who may call them", async () => {
  const result = await runGatehouse(['routes'], { cwd: tutorial })
  assert.equal(result.status, 0, result.stderr)
  const lines = result.stdout.split('\n')
  assert.match(lines[0] ?? '', /^method\s+path\s+name\s+who$/)
  for (const expected of [
    /^GET\s+\/session\/new\s+session\.new\s+anonymous$/,
    /^DELETE\s+\/registration\s+registration\.delete\s+signed in$/,
    /^GET\s+\/reset-password\/:token\s+reset_password\.edit\s+link holder$/,
    /^GET\s+\/dev\/mailbox\s+dev_mailbox\.index\s+development only$/,
    /^GET\s+\/private\s+private\.index\s+signed in$/,
    /^DELETE\s+\/secrets\/:id\s+secrets\.delete\s+signed in$/,
    /^GET\s+\/\s+home\s+anyone$/,
  ]) {
    assert.ok(lines.some((line) => expected.test(line)), `${expected} in:\n${result.stdout}`)
  }
  assert.match(result.stdout, /^\d+ routes \(config gatehouse\.config\.ts\)\.$/m)
  const table = result.stdout.slice(0, result.stdout.indexOf('routes (config')).trimEnd()
  const documented = readFileSync(new URL('../../../../docs/cli.md', import.meta.url), 'utf8')
  assert.ok(documented.includes(table), `docs/cli.md shows another table for the tutorial; it is now:\n${result.stdout}`)
})

test('should leave the dev mailbox out in production with SMTP, and print JSON on request', async () => {
  const result = await runGatehouse(['routes', '--json'], { cwd: tutorial, env: { NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:2525', GATEHOUSE_SECRET: 'x'.repeat(40) } })
  assert.equal(result.status, 0, result.stderr)
  const routes = JSON.parse(result.stdout) as { path: string; owner: string }[]
  assert.equal(routes.some((r) => r.path.startsWith('/dev/mailbox')), false)
  assert.ok(routes.some((r) => r.path === '/secrets' && r.owner === 'app'))
})
