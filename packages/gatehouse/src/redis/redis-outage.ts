/** Redis answers that mean "not now" (loading, failing over, out of memory), not "bad command". */
const UNAVAILABLE_REPLIES = /^(LOADING|READONLY|MASTERDOWN|BUSY|TRYAGAIN|CLUSTERDOWN|OOM|NOREPLICAS)\b/

/**
 * True when a Redis call failed because Redis could not serve it (refused or lost connection,
 * timeout, no offline queue, a server that is loading or read-only), false for a reply error
 * that means the command itself is wrong (a bug, which should surface as one).
 *
 * @example
 * try { await redis.get(key) } catch (error) { if (isRedisOutage(error)) throw new SessionStoreUnavailableError('…', { cause: error }) }
 */
export function isRedisOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  if (error.name !== 'ReplyError') return true
  return UNAVAILABLE_REPLIES.test(error.message)
}
