/**
 * Thrown by a session store that cannot answer (Redis down or timing out). Nobody is signed in
 * on an unanswered lookup: the web layer turns this into a 503 "temporarily unavailable" page,
 * without touching the browser's cookies, so people are still signed in once the store is back.
 *
 * @example
 * try { await core.validateSessionToken(token) } catch (error) { if (error instanceof SessionStoreUnavailableError) return serviceUnavailable() }
 */
export class SessionStoreUnavailableError extends Error {
  override name = 'SessionStoreUnavailableError'
}
