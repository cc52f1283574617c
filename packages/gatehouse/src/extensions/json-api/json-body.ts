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
    if (nestingDepth(text) > MAX_DEPTH) return { kind: 'malformed' }
    return { kind: 'json', value: JSON.parse(text) as unknown }
  } catch {
    return { kind: 'malformed' }
  }
}

/** Deeper than any request of the API; validators walk values recursively, so depth is bounded first. */
const MAX_DEPTH = 32

/** How deeply arrays and objects nest in a JSON text (brackets inside strings do not count). */
function nestingDepth(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (inString) {
      if (char === '\\') i++
      else if (char === '"') inString = false
    } else if (char === '"') inString = true
    else if (char === '[' || char === '{') deepest = Math.max(deepest, ++depth)
    else if (char === ']' || char === '}') depth--
  }
  return deepest
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
