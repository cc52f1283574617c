/** A day, as apps commonly set `cookie.maxAge`. */
export const SESSION_MAX_AGE_MS = 24 * 60 * 60 * 1000

/** The JSON express-session stores for a session that passport signed a user into. */
export function sessionJson(user: number, expires: number): string {
  return JSON.stringify({
    cookie: { originalMaxAge: SESSION_MAX_AGE_MS, expires: new Date(expires).toISOString(), httpOnly: true, path: '/', sameSite: 'lax' },
    passport: { user },
  })
}
