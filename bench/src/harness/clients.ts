/** What the orchestrator asks of a running contender before loading it (plain `fetch`, few requests). */

/** Headers every server writes for itself: a ceiling replaying another server's answer leaves them out. */
const PER_RESPONSE_HEADERS = new Set(['date', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'set-cookie'])

/**
 * GET with a cookie, without following redirects. `headers` are the answer's own headers (not
 * the ones every server writes per response: date, length, connection, cookies), for a ceiling
 * that must send the same bytes.
 */
export async function getPage(origin: string, path: string, cookie?: string): Promise<{ status: number; body: string; setCookies: string[]; headers: Array<[string, string]> }> {
  const response = await fetch(origin + path, { headers: cookie ? { cookie } : {}, redirect: 'manual' })
  const headers = [...response.headers].filter(([name]) => !PER_RESPONSE_HEADERS.has(name))
  return { status: response.status, body: await response.text(), setCookies: response.headers.getSetCookie(), headers }
}

/**
 * Checks that a contender really authenticates: the presented cookie gets the page of the
 * expected user, and no cookie gets a redirect (except for the unauthenticated ceiling).
 */
export async function checkAuthenticatedPage(origin: string, cookie: string, email: string, options: { anonymousRedirects: boolean }): Promise<void> {
  const signedIn = await getPage(origin, '/private', cookie)
  if (signedIn.status !== 200 || !signedIn.body.includes(email)) {
    throw new Error(`${origin}/private with a valid session answered ${signedIn.status} without ${email}: ${signedIn.body.slice(0, 300)}`)
  }
  if (!options.anonymousRedirects) return
  const anonymous = await getPage(origin, '/private')
  if (anonymous.status !== 302) throw new Error(`${origin}/private without a session answered ${anonymous.status}, not a redirect`)
}

/**
 * A CSRF cookie and a masked token for Gatehouse's forms, from `GET /session/new`. The pair stays
 * valid for any number of posts (the secret is per browser), so every load client reuses it.
 */
export async function gatehouseCsrf(origin: string): Promise<{ cookie: string; token: string }> {
  const page = await getPage(origin, '/session/new')
  const cookie = page.setCookies.map((c) => c.split(';')[0] as string).find((c) => c.startsWith('gatehouse_csrf='))
  const token = /name="_csrf_token" value="([^"]+)"/.exec(page.body)?.[1]
  if (!cookie || !token) throw new Error(`no CSRF cookie or token on ${origin}/session/new`)
  return { cookie, token }
}

/**
 * better-auth's cookie-cache cookie for a session, as a browser would hold it after its first
 * request: `GET /api/auth/get-session` sets `better-auth.session_data`.
 */
export async function betterAuthCachedCookie(origin: string, sessionCookie: string): Promise<string> {
  const page = await getPage(origin, '/api/auth/get-session', sessionCookie)
  const data = page.setCookies.map((c) => c.split(';')[0] as string).find((c) => c.startsWith('better-auth.session_data='))
  if (page.status !== 200 || !data) throw new Error(`better-auth set no session_data cookie (status ${page.status}): ${page.body.slice(0, 200)}`)
  return `${sessionCookie}; ${data}`
}

/** Runs `work` over items with at most `limit` at once, keeping the order of results. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}
