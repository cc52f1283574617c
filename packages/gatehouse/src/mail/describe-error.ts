const MAX_LENGTH = 300
const LINK = /[a-z][a-z0-9+.-]*:\/\/\S+/gi
const WORD = /[\p{L}\p{N}_-]{3,}/gu

/**
 * A one-line, bounded description of a delivery failure, safe to log and to store: a server
 * or mail API may quote the message back, and mail links are one-time credentials (password
 * a mailed link). So links are removed, and so is every whitespace-separated piece that
 * shares a word (3+ letters) with the mail's `body` parts: the log says why, never what.
 *
 * @example
 * describeMailError(new Error('554 rejected: https://app.test/reset/abc')) // '554 rejected: [link removed]'
 * describeMailError(new Error('400 bad html: <p>Hello Ada</p>'), ['<p>Hello Ada</p>']) // '400 bad html: […]'
 */
export function describeMailError(error: unknown, body: readonly string[] = []): string {
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? `${error.code}: ` : ''
  const message = error instanceof Error ? error.message : String(error)
  const firstLine = `${code}${message.split(/\r?\n/, 1)[0] ?? ''}`.replace(LINK, '[link removed]')
  const bodyWords = new Set(body.flatMap((part) => part.match(WORD) ?? []))
  const safe = firstLine
    .split(/(\s+)/)
    .map((piece) => ((piece.match(WORD) ?? []).some((word) => bodyWords.has(word)) ? '[…]' : piece))
    .join('')
    .replace(/\[…\](\s+\[…\])+/g, '[…]')
    .trim()
  return safe.length > MAX_LENGTH ? `${safe.slice(0, MAX_LENGTH)}…` : safe || 'unknown error'
}
