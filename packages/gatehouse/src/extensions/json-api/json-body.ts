/** A request's JSON body, read at most `maxBytes` far. */
export type JsonBody =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'not_json' }
  | { readonly kind: 'too_large' }
  | { readonly kind: 'malformed' }

/**
 * Reads a JSON body: the content type must be `application/json`; the bytes stop being read
 * past `maxBytes` (a lying or absent Content-Length changes nothing); bad UTF-8 or JSON is
 * `malformed`, never an exception.
 *
 * @example
 * const body = await readJsonBody(c.req.raw, 16 * 1024)
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<JsonBody> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/json') return { kind: 'not_json' }
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > maxBytes) return { kind: 'too_large' }
  const bytes = await readAtMost(request, maxBytes)
  if (bytes === null) return { kind: 'too_large' }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return { kind: 'json', value: JSON.parse(text) as unknown }
  } catch {
    return { kind: 'malformed' }
  }
}

async function readAtMost(request: Request, maxBytes: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array()
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel()
      return null
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

/**
 * The object under `scope` (`user`, `secret`) with its string fields, or why not: not an
 * object at all (`missing`), or fields of another type (`wrong_types`, named).
 *
 * @example
 * scopedJsonFields({ user: { email: 'a@b.c' } }, 'user') // { ok: true, fields: { email: 'a@b.c' } }
 */
export function scopedJsonFields(
  body: unknown,
  scope: string,
  names: readonly string[],
): { readonly ok: true; readonly fields: Record<string, string> } | { readonly ok: false; readonly reason: 'missing' } | { readonly ok: false; readonly reason: 'wrong_types'; readonly fields: readonly string[] } {
  const inner = isPlainObject(body) ? body[scope] : undefined
  if (!isPlainObject(inner)) return { ok: false, reason: 'missing' }
  const fields: Record<string, string> = {}
  const wrong: string[] = []
  for (const name of names) {
    const value = inner[name]
    if (value === undefined || value === null) continue
    if (typeof value === 'string') fields[name] = value
    else wrong.push(name)
  }
  return wrong.length > 0 ? { ok: false, reason: 'wrong_types', fields: wrong } : { ok: true, fields }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
