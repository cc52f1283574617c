/** The outcome of reading a form body: its fields, or why there are none. */
export type FormBody =
  | { kind: 'form'; fields: URLSearchParams; bytes: ArrayBuffer }
  | { kind: 'too_large' }
  | { kind: 'not_a_form' }
  /** The client hung up before the whole body arrived. */
  | { kind: 'aborted' }

/**
 * Reads an `application/x-www-form-urlencoded` or `multipart/form-data` body, refusing more
 * than `limit` bytes before buffering them. Files in multipart bodies are ignored.
 *
 * @example
 * const body = await readFormBody(c.req.raw, 64 * 1024)
 * if (body.kind === 'form') body.fields.get('user[email]')
 */
export async function readFormBody(request: Request, limit: number): Promise<FormBody> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase()
  const isUrlEncoded = type.startsWith('application/x-www-form-urlencoded')
  const isMultipart = type.startsWith('multipart/form-data')
  if (!isUrlEncoded && !isMultipart) return { kind: 'not_a_form' }
  const length = request.headers.get('content-length')
  const declared = length !== null && DECIMAL.test(length) ? Number(length) : undefined
  if (declared !== undefined && declared > limit) return { kind: 'too_large' }
  const bytes = declared === undefined ? await readLimited(request, limit) : await readDeclared(request, limit)
  if (bytes === 'aborted') return { kind: 'aborted' }
  if (bytes === null) return { kind: 'too_large' }
  if (isUrlEncoded) return { kind: 'form', fields: new URLSearchParams(UTF8.decode(bytes)), bytes }
  const fields = new URLSearchParams()
  try {
    const data = await new Response(bytes, { headers: { 'content-type': type } }).formData()
    for (const [name, value] of data) if (typeof value === 'string') fields.append(name, value)
  } catch {
    // A malformed multipart body is an empty form: it then fails CSRF or validation, cleanly.
  }
  return { kind: 'form', fields, bytes }
}

const DECIMAL = /^\d+$/
const UTF8 = new TextDecoder()

/**
 * A body whose length was declared within the limit is read whole: the HTTP framing ends it at
 * that length, so nothing past the limit can arrive. `arrayBuffer()` lets @hono/node-server read
 * it straight off the socket, where the stream `readLimited` needs costs it a whole web `Request`
 * and `ReadableStream` (about a tenth of a sign-in's event-loop time). Checked again once read,
 * for a `Request` built in code with a length that does not match its body.
 */
async function readDeclared(request: Request, limit: number): Promise<ArrayBuffer | null | 'aborted'> {
  let bytes: ArrayBuffer
  try {
    bytes = await request.arrayBuffer()
  } catch {
    return 'aborted'
  }
  return bytes.byteLength > limit ? null : bytes
}

async function readLimited(request: Request, limit: number): Promise<ArrayBuffer | null | 'aborted'> {
  if (!request.body) return new ArrayBuffer(0)
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = request.body.getReader()
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>
    try {
      chunk = await reader.read()
    } catch {
      // The only way reading a request body fails: the client's connection went away.
      return 'aborted'
    }
    const { done, value } = chunk
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      return null
    }
    chunks.push(value)
  }
  const all = Buffer.concat(chunks)
  return all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer
}

/**
 * The fields nested under `scope[...]` as strings (`user[email]` → `email`). A duplicated
 * field keeps its last value, as Plug does; `user[email][]` is not `user[email]`.
 */
export function scopedFields(form: URLSearchParams, scope: string): Record<string, string> {
  const fields: Record<string, string> = {}
  const prefix = `${scope}[`
  for (const [name, value] of form) {
    if (!name.startsWith(prefix) || !name.endsWith(']')) continue
    const key = name.slice(prefix.length, -1)
    if (key === '' || key.includes('[') || key.includes(']')) continue
    fields[key] = value
  }
  return fields
}
