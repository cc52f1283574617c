import Database from 'better-sqlite3'
import { betterAuth } from 'better-auth'
import { Hono } from 'hono'
import { readChildConfig } from '../../harness/child-side.ts'
import type { DatasetSize } from '../../harness/dataset.ts'
import { betterAuthToken, usedSessions } from '../../harness/dataset.ts'
import { privatePage } from '../../harness/page.ts'
import { serveFetch } from '../serve.ts'
import { betterAuthOptions } from './options.ts'

/**
 * Child entry: better-auth mounted in Hono as its documentation shows (`/api/auth/*` to
 * `auth.handler`) and `/private` calling `auth.api.getSession({ headers })`.
 */
interface BetterAuthServerConfig {
  readonly path: string
  readonly cookieCache: boolean
  readonly size: DatasetSize
  /** How many sessions the load generator presents (`usedSessions`), made fresh before serving. */
  readonly presented: number
}

const SESSION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000
const config = readChildConfig<BetterAuthServerConfig>()
const db = new Database(config.path)
db.pragma('journal_mode = WAL')
refreshSessions(db, usedSessions(config.size, config.presented))
const auth = betterAuth(betterAuthOptions(db, config.cookieCache))

const app = new Hono()
app.on(['GET', 'POST'], '/api/auth/*', (c) => auth.handler(c.req.raw))
app.get('/private', async (c) => {
  const current = await auth.api.getSession({ headers: c.req.raw.headers })
  if (!current) return c.redirect('/sign-in?request_path=%2Fprivate', 302)
  c.header('Cache-Control', 'no-store')
  return c.html(privatePage(current.user.email, current.user.name))
})
serveFetch(app.fetch)

function refreshSessions(database: Database.Database, sessions: readonly number[]): void {
  const now = new Date()
  const update = database.prepare('update session set expiresAt = ?, updatedAt = ? where token = ?')
  const expires = new Date(now.getTime() + SESSION_LIFETIME_MS).toISOString()
  database.transaction(() => {
    for (const session of sessions) update.run(expires, now.toISOString(), betterAuthToken(session))
  })()
}
