import { createCipheriv, createHash, createHmac } from 'node:crypto'

/**
 * The seeded data, shared by every contender so they serve the same people: user `i` (1-based)
 * has a fixed-width email and account name, so every contender's page has the same size, and
 * session `j` belongs to user `((j - 1) mod users) + 1`. Session tokens are derived from the
 * session number, so the load generator can present valid cookies without reading any database.
 */

/** Signs cookies of every contender; only for the benchmark's throw-away databases. */
export const BENCH_SECRET = 'gatehouse-bench-secret-0123456789abcdef-not-for-production'
export const BENCH_PASSWORD = 'correct horse battery staple'

export interface DatasetSize {
  readonly users: number
  readonly sessions: number
}

export function userEmail(user: number): string {
  return `user${String(user).padStart(7, '0')}@example.com`
}

export function accountName(user: number): string {
  return `Account ${String(user).padStart(7, '0')}`
}

export function sessionOwner(session: number, size: DatasetSize): number {
  return ((session - 1) % size.users) + 1
}

/**
 * `count` session numbers spread evenly over the table, the ones the load generator presents.
 *
 * @example
 * usedSessions({ users: 100, sessions: 1000 }, 4) // [1, 251, 501, 751]
 */
export function usedSessions(size: DatasetSize, count: number): number[] {
  const n = Math.min(count, size.sessions)
  return Array.from({ length: n }, (_, k) => 1 + Math.floor((k * size.sessions) / n))
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

/**
 * `blocks` 16-byte pseudo-random blocks per session for sessions `from`..`from + count - 1`:
 * AES-128 of the session number under a fixed key, so any one session's token can be derived
 * alone, and a million of them in one call (far faster than hashing each).
 */
function sessionBytes(purpose: string, from: number, count: number, blocks: 1 | 2): Buffer {
  const key = createHash('sha256').update(`gatehouse-bench-${purpose}`).digest().subarray(0, 16)
  const counters = Buffer.alloc(count * blocks * 16)
  for (let k = 0; k < count; k++) {
    for (let b = 0; b < blocks; b++) {
      const offset = (k * blocks + b) * 16
      counters.writeUInt32BE(from + k, offset + 8)
      counters.writeUInt32BE(b, offset + 12)
    }
  }
  const cipher = createCipheriv('aes-128-ecb', key, null).setAutoPadding(false)
  return Buffer.concat([cipher.update(counters), cipher.final()])
}

/** Gatehouse's `<22-character id>.<43-character secret>` tokens of sessions `from`.. (`count` of them). */
export function gatehouseTokens(from: number, count: number): { id: string; secret: string }[] {
  const ids = sessionBytes('gatehouse-id', from, count, 1)
  const secrets = sessionBytes('gatehouse-secret', from, count, 2)
  return Array.from({ length: count }, (_, k) => ({
    id: ids.subarray(k * 16, k * 16 + 16).toString('base64url'),
    secret: secrets.subarray(k * 32, k * 32 + 32).toString('base64url'),
  }))
}

export function gatehouseToken(session: number): { id: string; secret: string; token: string } {
  const { id, secret } = gatehouseTokens(session, 1)[0] as { id: string; secret: string }
  return { id, secret, token: `${id}.${secret}` }
}

export function gatehouseCookie(session: number): string {
  return `gatehouse_session=${gatehouseToken(session).token}`
}

/** better-auth's 32-character session tokens of sessions `from`.. (`count` of them). */
export function betterAuthTokens(from: number, count: number): string[] {
  const bytes = sessionBytes('better-auth', from, count, 1)
  return Array.from({ length: count }, (_, k) => bytes.subarray(k * 16, k * 16 + 16).toString('hex'))
}

export function betterAuthToken(session: number): string {
  return betterAuthTokens(session, 1)[0] as string
}

/** better-auth's signed cookie: `token.base64(HMAC-SHA256(secret, token))`, URL-encoded. */
export function betterAuthCookie(session: number): string {
  const token = betterAuthToken(session)
  const signature = createHmac('sha256', BENCH_SECRET).update(token).digest('base64')
  return `better-auth.session_token=${encodeURIComponent(`${token}.${signature}`)}`
}

/** express-session's session ids of sessions `from`.. (`count` of them). */
export function expressSessionIds(from: number, count: number): string[] {
  const bytes = sessionBytes('express', from, count, 2)
  return Array.from({ length: count }, (_, k) => bytes.subarray(k * 32, k * 32 + 24).toString('base64url'))
}

export function expressSessionId(session: number): string {
  return expressSessionIds(session, 1)[0] as string
}

/** express-session's signed cookie (cookie-signature: `s:` + id + `.` + unpadded base64 HMAC). */
export function expressCookie(session: number): string {
  const id = expressSessionId(session)
  const signature = createHmac('sha256', BENCH_SECRET).update(id).digest('base64').replace(/=+$/, '')
  return `connect.sid=${encodeURIComponent(`s:${id}.${signature}`)}`
}
