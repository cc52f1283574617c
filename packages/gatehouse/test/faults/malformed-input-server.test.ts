import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { createTutorialApp } from '../../../../examples/tutorial/src/app.tsx'
import { createTutorialGatehouse } from '../../../../examples/tutorial/src/tutorial-gatehouse.ts'
import { TEST_SECRET } from '../support/core.ts'
import { startTutorialServer } from '../support/tutorial-server.ts'
import type { TutorialServer } from '../support/tutorial-server.ts'
import { casesFor } from './malformed-cases.ts'
import type { MalformedCase } from './malformed-cases.ts'
import { csrfPair, routesOf, runCases } from './malformed-runner.ts'

const SLICE_EVERY = 12
const COOKIE_NAMES = ['gatehouse_session', 'gatehouse_csrf', 'gatehouse_flash', 'gatehouse_remember_me']

/** Requests Node's HTTP parser sees before any app code: bytes no `fetch` would send. */
const RAW_REQUESTS: ReadonlyArray<readonly [string, Buffer]> = [
  ['invalid UTF-8 in the path', Buffer.concat([Buffer.from('GET /session/new'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n')])],
  ['NUL in the path', Buffer.from('GET /session/\0new HTTP/1.1\r\nHost: x\r\n\r\n')],
  ['NUL in a header', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\nCookie: gatehouse_session=a\0b\r\n\r\n')],
  ['invalid UTF-8 in a cookie', Buffer.concat([Buffer.from('GET /private HTTP/1.1\r\nHost: x\r\nCookie: gatehouse_session='), Buffer.from([0xff, 0xc3, 0x28]), Buffer.from('\r\n\r\n')])],
  ['a 100 KB header', Buffer.from(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`)],
  ['a 100 KB URL', Buffer.from(`GET /session/new?request_path=${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`)],
  ['two different Content-Lengths', Buffer.from('POST /session HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\na=b')],
  ['Content-Length not a number', Buffer.from('POST /session HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n')],
  ['Content-Length and chunked', Buffer.from('POST /session HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n')],
  ['broken chunk size', Buffer.from('POST /registration HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n')],
  ['an unknown method', Buffer.from('FROB /session HTTP/1.1\r\nHost: x\r\n\r\n')],
  ['no Host header', Buffer.from('GET / HTTP/1.1\r\n\r\n')],
  ['an HTTP/0.9 request line', Buffer.from('GET /\r\n\r\n')],
  ['a header without a colon', Buffer.from('GET / HTTP/1.1\r\nHost: x\r\nnonsense\r\n\r\n')],
  ['an absolute URL to another host', Buffer.from('GET http://evil.example/private HTTP/1.1\r\nHost: evil.example\r\n\r\n')],
  // fetch refuses to send a body that disagrees with its Content-Length (the request never
  // leaves the client), so the in-process run's "lying content-length" cases are sent here.
  ['a body longer than its Content-Length (JSON API)', Buffer.from('DELETE /api/v1/secrets/1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n{"user":{"email":"a@example.com"}}')],
  ['a body longer than its Content-Length (form)', Buffer.from('DELETE /security/sessions/1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\n_method=DELETE&user%5Bemail%5D=a')],
  ['a body promised but never sent', Buffer.from('POST /session HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nuser')],
]

/** Sends raw bytes, returns the status of the first response line (0: closed or silent for 3 s). */
function sendRaw(port: number, bytes: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let received = ''
    const done = () => {
      socket.destroy()
      resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(received)?.[1] ?? 0))
    }
    const timer = setTimeout(done, 3000)
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1')
      if (/^HTTP\/1\.[01] \d{3}/.test(received)) {
        clearTimeout(timer)
        done()
      }
    })
    socket.on('error', () => {
      clearTimeout(timer)
      done()
    })
    socket.on('close', () => {
      clearTimeout(timer)
      done()
    })
    socket.write(bytes)
  })
}

/**
 * A slice of the malformed-input run against the tutorial as a real Node process (Node's HTTP
 * parser, @hono/node-server), plus raw bytes no fetch client would send: the process answers
 * each without a 5xx and never exits.
 */
describe('malformed input against a running server process', () => {
  let server: TutorialServer
  let cases: MalformedCase[]

  before(async () => {
    // The route table, from the same app built in-process.
    const gatehouse = await createTutorialGatehouse({ database: 'sqlite::memory:', secret: TEST_SECRET, publicUrl: 'http://localhost:4000' })
    const routes = routesOf(createTutorialApp(gatehouse))
    await gatehouse.close()
    cases = routes
      .flatMap((route) => casesFor(route, { cookieNames: COOKIE_NAMES, maxFormBytes: 200_000 }))
      .filter((_, i) => i % SLICE_EVERY === 0)
      .filter((testCase) => !('content-length' in testCase.headers))
    const data = join(mkdtempSync(join(tmpdir(), 'gatehouse-fuzz-')), 'fuzz.sqlite')
    server = await startTutorialServer({ env: { DATABASE_URL: `sqlite:${data}`, REDIS_URL: undefined, GATEHOUSE_RATE_LIMITS: 'off', GATEHOUSE_SECRET: 'fuzz-test-secret-that-is-long-enough-12345' }, startTimeoutMs: 60_000 })
  })
  after(async () => {
    await server?.stop()
  })

  test('should answer the slice and raw bytes without a 5xx, and keep running', async () => {
    const origin = server.url
    const fetchServer = (request: Request) => fetch(request)
    const csrf = await csrfPair(fetchServer, origin, 'gatehouse_csrf')
    const report = await runCases(cases, fetchServer, async () => ({ cookies: { gatehouse_csrf: csrf.cookie }, csrfToken: csrf.token }), origin, 4)
    const raw: Array<[string, number]> = []
    for (const [name, bytes] of RAW_REQUESTS) raw.push([name, await sendRaw(server.port, bytes)])
    const rawErrors = raw.filter(([, status]) => status >= 500)
    const home = await fetch(`${origin}/`)
    console.log(
      `# malformed input over HTTP: ${report.cases} cases + ${raw.length} raw requests, ${report.serverErrors + rawErrors.length} 5xx, ${report.stackTraces} stack traces; statuses ${JSON.stringify(report.statuses)}; raw ${JSON.stringify(Object.fromEntries(raw))}; process running: ${server.running()}`,
    )
    assert.equal(report.serverErrors + report.stackTraces, 0, report.failures.join('\n'))
    assert.deepEqual(rawErrors, [])
    assert.ok(server.running(), `the server process exited:\n${server.output().slice(-2000)}`)
    assert.equal(home.status, 200)
  })
})
