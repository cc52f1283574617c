import type { IncomingMessage, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)/i
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * A web `Request` for a Node request, for `createRequestGate`. Only a state-changing form
 * request gets a body (Gatehouse reads forms, nothing else): a JSON or upload stream is left
 * untouched for the app's own parser. A form an earlier body parser already consumed
 * (`req.body`) is re-encoded instead.
 *
 * @example
 * const request = toWebRequest(req, { protocol: 'https' })
 */
export function toWebRequest(req: IncomingMessage & { body?: unknown; originalUrl?: string }, options: { protocol?: 'http' | 'https' } = {}): Request {
  const protocol = options.protocol ?? ('encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http')
  const url = new URL(req.originalUrl ?? req.url ?? '/', `${protocol}://${req.headers.host ?? 'localhost'}`)
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item)
  }
  const method = req.method ?? 'GET'
  const isForm = !SAFE_METHODS.has(method) && FORM_TYPES.test(headers.get('content-type') ?? '')
  if (!isForm) return new Request(url, { method, headers })
  if (req.body !== undefined && typeof req.body === 'object' && req.body !== null && req.readableEnded) {
    headers.set('content-type', 'application/x-www-form-urlencoded')
    headers.delete('content-length')
    return new Request(url, { method, headers, body: encodeParsedForm(req.body as Record<string, unknown>) })
  }
  return new Request(url, { method, headers, body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } as RequestInit)
}

/** `{ user: { email: 'a' } }` (a parsed form) back to `user[email]=a`. */
function encodeParsedForm(body: Record<string, unknown>): string {
  const form = new URLSearchParams()
  const add = (name: string, value: unknown) => {
    if (value === null || value === undefined) return
    if (Array.isArray(value)) value.forEach((item) => add(`${name}[]`, item))
    else if (typeof value === 'object') for (const [key, inner] of Object.entries(value)) add(`${name}[${key}]`, inner)
    else form.append(name, String(value))
  }
  for (const [name, value] of Object.entries(body)) add(name, value)
  return form.toString()
}

/**
 * Writes a web `Response` to a Node response: status, headers (each `Set-Cookie` kept apart,
 * and not repeated when the response already carries one) and body.
 *
 * @example
 * await writeWebResponse(res, await pass.render({ title: 'Home', body: () => 'Hello' }))
 */
export async function writeWebResponse(res: ServerResponse, response: Response, extraHeaders?: Headers): Promise<void> {
  applyHeaders(res, response.headers)
  if (extraHeaders) applyHeaders(res, extraHeaders)
  res.statusCode = response.status
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : null
  res.end(body)
}

/** Adds headers to a Node response that has not been sent yet; cookies are appended once. */
export function applyHeaders(res: ServerResponse, headers: Headers): void {
  for (const [name, value] of headers) if (name !== 'set-cookie') res.setHeader(name, value)
  const existing = res.getHeader('set-cookie')
  const cookies = Array.isArray(existing) ? existing.map(String) : existing === undefined ? [] : [String(existing)]
  const added = headers.getSetCookie().filter((cookie) => !cookies.includes(cookie))
  if (added.length > 0) res.setHeader('set-cookie', [...cookies, ...added])
}
