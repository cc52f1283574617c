import { createHash, timingSafeEqual } from 'node:crypto'
import BetterSqlite3 from 'better-sqlite3'
import { Hono } from 'hono'
import { getCookie } from 'hono/cookie'
import { readChildConfig } from '../../harness/child-side.ts'
import { privatePage } from '../../harness/page.ts'
import { serveFetch } from '../serve.ts'

/**
 * Child entry: the hand-written reference, the least an app can do. It reads the cookie,
 * looks the session up with one prepared primary-key query joined to its user and account
 * (Gatehouse's own database), compares SHA-256 of the secret in constant time and checks expiry.
 * No rotation, no CSRF, no flash: the floor under any session library.
 */
interface HandwrittenConfig {
  readonly path: string
}

interface Row {
  secret_hash: string
  refreshed_at: number
  expires_at: number
  email: string
  name: string
}

const IDLE_MS = 30 * 60 * 1000
const config = readChildConfig<HandwrittenConfig>()
const db = new BetterSqlite3(config.path, { readonly: true })
const lookup = db.prepare<[string], Row>(
  `select s.secret_hash, s.refreshed_at, s.expires_at, u.email, a.name
   from sessions s join users u on u.id = s.user_id join accounts a on a.id = u.account_id where s.id = ?`,
)

function findSignedIn(token: string | undefined): Row | null {
  if (!token || token.length !== 66 || token[22] !== '.') return null
  const row = lookup.get(token.slice(0, 22))
  if (!row) return null
  const now = Date.now()
  if (now >= row.expires_at || now >= row.refreshed_at + IDLE_MS) return null
  const presented = createHash('sha256').update(token.slice(23)).digest()
  return timingSafeEqual(presented, Buffer.from(row.secret_hash, 'hex')) ? row : null
}

const app = new Hono()
app.get('/private', (c) => {
  const row = findSignedIn(getCookie(c, 'gatehouse_session'))
  if (!row) return c.redirect('/session/new?request_path=%2Fprivate', 302)
  c.header('Cache-Control', 'no-store')
  return c.html(privatePage(row.email, row.name))
})
serveFetch(app.fetch)
