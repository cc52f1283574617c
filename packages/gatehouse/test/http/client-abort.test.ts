import assert from 'node:assert/strict'
import { describe, mock, test } from 'node:test'
import { forEachDialect } from '../support/dialects.ts'
import { createTestApp, FORM } from '../support/http.ts'

/** A form body whose client hangs up half-way, the way Node reports it (ECONNRESET). */
function abortedBody(): ReadableStream<Uint8Array> {
  let sent = false
  return new ReadableStream({
    pull(controller) {
      if (!sent) {
        sent = true
        controller.enqueue(new TextEncoder().encode('user%5Bemail%5D=ada%40example.com&user%5Bpass'))
        return
      }
      controller.error(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))
    },
  })
}

forEachDialect((dialect) => {
  describe('a client hanging up mid-upload', () => {
    test('should be logged as a client abort, not as the database being unavailable, and answered 400', async () => {
      const app = await createTestApp(dialect)
      const logged: string[] = []
      const error = mock.method(console, 'error', (...args: unknown[]) => void logged.push(args.join(' ')))
      const warn = mock.method(console, 'warn', (...args: unknown[]) => void logged.push(args.join(' ')))
      let response: Response
      try {
        response = await app.app.request(
          new Request(`${app.origin}/session`, { method: 'POST', headers: { ...FORM, origin: app.origin }, body: abortedBody(), duplex: 'half' } as RequestInit),
        )
      } finally {
        error.mock.restore()
        warn.mock.restore()
      }
      assert.equal(response.status, 400)
      assert.ok(!logged.some((line) => line.includes('database is unavailable')), logged.join('\n'))
      assert.ok(logged.some((line) => line.includes('closed the connection before sending its whole request: POST /session')), logged.join('\n'))
    })
  })
})
