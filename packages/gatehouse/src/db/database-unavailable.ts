/** SQLSTATEs of a PostgreSQL server going away or not taking connections (class 08, 57P0x, too many connections). */
const POSTGRES_UNAVAILABLE = /^(08\d{3}|08P01|57P0[1-4]|53300)$/
/** Node's socket errors while reaching the database server. */
const NETWORK_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])
/** SQLite gave up waiting for a lock (after its busy timeout). */
const SQLITE_UNAVAILABLE = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_LOCKED'])
/** pg's own messages when a connection dies or cannot be had (they carry no code). */
const PG_CONNECTION_MESSAGE = /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect|Connection ended unexpectedly)/

/**
 * True when an error means "the database cannot be reached right now" (PostgreSQL restarting
 * or down, the network to it broken, SQLite locked past its timeout), not a bug: the request
 * is answered 503 and the next one tries again. Looks through `cause` and `AggregateError`s.
 *
 * @example
 * isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })) // true
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown }
  if (typeof code === 'string' && (POSTGRES_UNAVAILABLE.test(code) || NETWORK_UNAVAILABLE.has(code) || SQLITE_UNAVAILABLE.has(code))) return true
  if (typeof message === 'string' && PG_CONNECTION_MESSAGE.test(message)) return true
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true
  return cause !== undefined && isDatabaseUnavailable(cause, depth + 1)
}
