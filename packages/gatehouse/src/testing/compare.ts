/**
 * What "the same response" means for the isolation check, in one place:
 *
 * Two responses are the same when they have the same status, the same `Location` (its origin
 * dropped), the same `Content-Type`, the same names of cookies set (values are not compared:
 * they are random), and the same body once normalised. Normalising a body (and a `Location`)
 * - blanks the value of every CSRF field (`<input name="_csrf_token" value="…">`, in any
 *   attribute order) and of `<meta name="csrf-token" content="…">`: they are masked afresh on
 *   every page;
 * - replaces the request's own path (as sent and percent-decoded) with `{path}`, so a page
 *   that echoes its URL does not differ only by the id in it;
 * - then applies the caller's `normalize` (for timestamps and the like).
 */

export interface ResponseShape {
  readonly status: number
  readonly location: string | null
  readonly contentType: string | null
  readonly cookieNames: readonly string[]
  readonly body: string
}

export interface NormalizeOptions {
  /** The path the request was sent to (replaced by `{path}`). */
  readonly path?: string
  /** The CSRF field name (default `_csrf_token`). */
  readonly csrfField?: string
  /** The caller's extra normalisation, applied last. */
  readonly normalize?: (body: string) => string
}

/** Reads a response (from a clone, so the original stays readable) into a comparable shape. */
export async function shapeOf(response: Response, options: NormalizeOptions = {}): Promise<ResponseShape> {
  const body = await response.clone().text()
  const location = response.headers.get('location')
  return {
    status: response.status,
    location: location === null ? null : normalizeText(dropOrigin(location), { ...options, normalize: undefined }),
    contentType: response.headers.get('content-type'),
    cookieNames: [...new Set(response.headers.getSetCookie().map((line) => line.slice(0, Math.max(0, line.indexOf('='))).trim()))].sort(),
    body: normalizeText(body, options),
  }
}

/** A body with CSRF token values blanked, the request path replaced, then `normalize` applied. */
export function normalizeText(text: string, options: NormalizeOptions = {}): string {
  const field = options.csrfField ?? '_csrf_token'
  let result = text.replace(/<input\b[^>]*>/gi, (tag) => (namesField(tag, field) ? tag.replace(/\bvalue\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/i, 'value=""') : tag))
  result = result.replace(/<meta\b[^>]*>/gi, (tag) => (namesField(tag, 'csrf-token') ? tag.replace(/\bcontent\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/i, 'content=""') : tag))
  if (options.path) {
    const variants = new Set([options.path, safeDecode(options.path), options.path.replace(/&/g, '&amp;')])
    for (const variant of [...variants].filter((v) => v !== '').sort((a, b) => b.length - a.length)) result = result.split(variant).join('{path}')
  }
  return options.normalize ? options.normalize(result) : result
}

/**
 * Null when two shapes are the same, else a short description of the first difference, naming
 * the two sides with `labels` (e.g. `["B's id", 'a missing id']`).
 */
export function differenceBetween(a: ResponseShape, b: ResponseShape, labels: readonly [string, string] = ['first', 'second']): string | null {
  const [left, right] = labels
  if (a.status !== b.status) return `status ${a.status} for ${left}, ${b.status} for ${right}`
  if (a.location !== b.location) return `Location ${JSON.stringify(a.location)} for ${left}, ${JSON.stringify(b.location)} for ${right}`
  if (a.contentType !== b.contentType) return `Content-Type ${JSON.stringify(a.contentType)} for ${left}, ${JSON.stringify(b.contentType)} for ${right}`
  if (a.cookieNames.join() !== b.cookieNames.join()) return `cookies set [${a.cookieNames.join(', ')}] for ${left}, [${b.cookieNames.join(', ')}] for ${right}`
  if (a.body !== b.body) {
    let at = 0
    while (at < a.body.length && a.body[at] === b.body[at]) at++
    const excerpt = (body: string) => JSON.stringify(body.slice(Math.max(0, at - 30), at + 50))
    return `bodies differ at character ${at}: ${excerpt(a.body)} for ${left}, ${excerpt(b.body)} for ${right}`
  }
  return null
}

function namesField(tag: string, name: string): boolean {
  const match = /\bname\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag)
  return (match?.[1] ?? match?.[2] ?? match?.[3]) === name
}

function dropOrigin(location: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(location)
  return match ? location.slice(match[0].length) || '/' : location
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}
