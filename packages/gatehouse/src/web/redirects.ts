// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/
const MAX_LENGTH = 2048
const MAX_DECODINGS = 3

/**
 * `requestPath` if it is a path on this same origin, else null. It must start with exactly one
 * `/`, hold no backslash or control character (also after percent-decoding, which browsers
 * and proxies may apply), and resolve against the origin to that same origin.
 *
 * @example
 * safeRequestPath('/private?tab=1', 'https://app.example.com') // '/private?tab=1'
 * safeRequestPath('//evil.com', 'https://app.example.com')     // null
 */
export function safeRequestPath(requestPath: unknown, origin: string): string | null {
  if (typeof requestPath !== 'string' || requestPath.length === 0 || requestPath.length > MAX_LENGTH) return null
  let candidate = requestPath
  for (let round = 0; ; round++) {
    if (!candidate.startsWith('/') || candidate.startsWith('//') || UNSAFE_CHARACTERS.test(candidate)) return null
    let decoded: string
    try {
      decoded = decodeURIComponent(candidate)
    } catch {
      // Malformed escapes in the value itself are refused; after one decoding a stray `%`
      // is just a character of the already-decoded path.
      if (round === 0) return null
      break
    }
    if (decoded === candidate) break
    // Still encoded after three decodings: nobody's legitimate path, so refuse it.
    if (round === MAX_DECODINGS) return null
    candidate = decoded
  }
  try {
    const resolved = new URL(requestPath, origin)
    return resolved.origin === new URL(origin).origin ? requestPath : null
  } catch {
    return null
  }
}

/** The sign-in page URL that brings the visitor back to `path` afterwards. */
export function signInPathFor(path: string): string {
  return `/session/new?request_path=${encodeURIComponent(path)}`
}

/** Appends `?request_path=` to a form action or link when there is one to carry along. */
export function withRequestPath(path: string, requestPath: string | null): string {
  return requestPath ? `${path}?request_path=${encodeURIComponent(requestPath)}` : path
}
