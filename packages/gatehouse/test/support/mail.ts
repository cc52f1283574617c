import { createServer } from 'node:net'
import { SMTPServer } from 'smtp-server'
import type { MailLogger } from '../../src/mail/mailer.ts'

/**
 * Mail test helpers: a real SMTP server on 127.0.0.1 (smtp-server), a small reader for the
 * MIME messages nodemailer writes, and a logger that records its lines.
 */

export interface ReceivedMail {
  /** Envelope recipients, as the server saw them. */
  readonly to: string[]
  /** The message exactly as delivered (headers and MIME body). */
  readonly raw: string
}

export interface TestSmtpServer {
  readonly port: number
  /** `smtp://127.0.0.1:<port>` */
  readonly url: string
  readonly received: ReceivedMail[]
  /** Resolves once `count` mails in total have been received. */
  waitForMail(count?: number): Promise<ReceivedMail[]>
  close(): Promise<void>
}

export interface SmtpServerOptions {
  /** Listen on this port (default: a random free one). */
  readonly port?: number
  /** Answers the DATA command with this error (e.g. `554 …`) instead of accepting the mail. */
  readonly rejectWith?: string
  /** Require these credentials (AUTH PLAIN/LOGIN over plain text, fine on loopback). */
  readonly auth?: { readonly user: string; readonly pass: string }
}

/** Starts an SMTP server that accepts (or refuses) every mail and keeps what it received. */
export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = []
  const waiters: Array<{ count: number; resolve: (mails: ReceivedMail[]) => void }> = []
  const server = new SMTPServer({
    logger: false,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth?.user && auth.password === options.auth?.pass) callback(null, { user: auth.username })
      else callback(new Error('Invalid username or password'))
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        if (options.rejectWith) return callback(Object.assign(new Error(options.rejectWith), { responseCode: 554 }))
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') })
        for (const waiter of waiters.splice(0)) {
          if (received.length >= waiter.count) waiter.resolve([...received])
          else waiters.push(waiter)
        }
        callback()
      })
    },
  })
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject)
    const listening = server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = listening.address()
      resolve(typeof address === 'object' && address ? address.port : 0)
    })
  })
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    waitForMail: (count = 1) =>
      received.length >= count ? Promise.resolve([...received]) : new Promise((resolve) => waiters.push({ count, resolve })),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A loopback port nothing listens on (now): an SMTP server that is down. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  const port = await new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      resolve(typeof address === 'object' && address ? address.port : 0)
    })
  })
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

export interface ParsedMail {
  /** Header values by lower-case name, encoded words decoded. */
  readonly headers: Record<string, string>
  readonly text: string
  readonly html: string
}

/** Reads what the tests need from a delivered message: headers, and the text and HTML parts. */
export function parseMail(raw: string): ParsedMail {
  const parts: { text: string; html: string } = { text: '', html: '' }
  const { headers } = readPart(raw, parts)
  return { headers, ...parts }
}

function readPart(raw: string, found: { text: string; html: string }): { headers: Record<string, string> } {
  const split = raw.search(/\r?\n\r?\n/)
  const head = split < 0 ? raw : raw.slice(0, split)
  const body = split < 0 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '')
  const headers: Record<string, string> = {}
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim())
  }
  const type = headers['content-type'] ?? 'text/plain'
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1]
  if (type.startsWith('multipart/') && boundary) {
    for (const section of body.split(`--${boundary}`).slice(1)) {
      if (!section.startsWith('--')) readPart(section.replace(/^\r?\n/, ''), found)
    }
  } else {
    const content = decodeBody(body, headers['content-transfer-encoding'] ?? '7bit')
    if (type.startsWith('text/html')) found.html = content
    else if (type.startsWith('text/plain')) found.text = content
  }
  return { headers }
}

function decodeBody(body: string, encoding: string): string {
  if (/^base64$/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  if (/^quoted-printable$/i.test(encoding)) return decodeQuotedPrintable(body.replace(/=\r?\n/g, ''))
  return body.replace(/\r?\n$/, '')
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = []
  for (let i = 0; i < text.length; i++) {
    const hex = text[i] === '=' ? text.slice(i + 1, i + 3) : ''
    if (/^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16))
      i += 2
    } else {
      bytes.push(...Buffer.from(text[i] ?? '', 'utf8'))
    }
  }
  return Buffer.from(bytes).toString('utf8').replace(/\r?\n$/, '')
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_all, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    )
}

export interface RecordingLogger extends MailLogger {
  readonly lines: Array<{ level: 'info' | 'warn' | 'error'; message: string }>
  /** Every line, one per row, for "never contains" assertions. */
  text(): string
  /** Resolves with the first line at `level` (already logged or still to come). */
  next(level: 'info' | 'warn' | 'error'): Promise<string>
}

/** A logger that keeps its lines instead of printing them. */
export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = []
  const waiters: Array<{ level: string; resolve: (message: string) => void }> = []
  const record = (level: 'info' | 'warn' | 'error') => (message: string) => {
    lines.push({ level, message })
    for (const waiter of waiters.splice(0)) {
      if (waiter.level === level) waiter.resolve(message)
      else waiters.push(waiter)
    }
  }
  return {
    lines,
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    text: () => lines.map((l) => `${l.level}: ${l.message}`).join('\n'),
    next: (level) => {
      const line = lines.find((l) => l.level === level)
      return line ? Promise.resolve(line.message) : new Promise((resolve) => waiters.push({ level, resolve }))
    },
  }
}
