import Database from 'better-sqlite3'
import express from 'express'
import session from 'express-session'
import passport from 'passport'
import { readChildConfig } from '../../harness/child-side.ts'
import type { DatasetSize } from '../../harness/dataset.ts'
import { BENCH_SECRET, expressSessionId, sessionOwner, usedSessions } from '../../harness/dataset.ts'
import { privatePage } from '../../harness/page.ts'
import { serveNode } from '../serve.ts'
import { SESSION_MAX_AGE_MS, sessionJson } from './session-json.ts'
import { SqliteSessionStore } from './sqlite-session-store.ts'

/**
 * Child entry: Express 5 with express-session (an SQLite store) and passport's session
 * strategy, configured as their READMEs show; `/private` needs `req.user`.
 */
interface ExpressServerConfig {
  readonly path: string
  readonly size: DatasetSize
  /** How many sessions the load generator presents (`usedSessions`), made fresh before serving. */
  readonly presented: number
}

interface BenchUser {
  id: number
  email: string
  account_name: string
}

const config = readChildConfig<ExpressServerConfig>()
const db = new Database(config.path)
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
refreshSessions(db, config.size, usedSessions(config.size, config.presented))
const findUser = db.prepare<[number], BenchUser>('select id, email, account_name from users where id = ?')

passport.serializeUser<number>((user, done) => done(null, (user as BenchUser).id))
passport.deserializeUser<number>((id, done) => done(null, findUser.get(id) ?? false))

const app = express()
app.use(
  session({
    secret: BENCH_SECRET,
    resave: false,
    saveUninitialized: false,
    store: new SqliteSessionStore(db),
    cookie: { maxAge: SESSION_MAX_AGE_MS, httpOnly: true, sameSite: 'lax' },
  }),
)
app.use(passport.session())
app.get('/private', (req, res) => {
  const user = req.user as BenchUser | undefined
  if (!user) return res.redirect(302, '/login?request_path=%2Fprivate')
  res.set('Cache-Control', 'no-store').type('html').send(privatePage(user.email, user.account_name))
})
serveNode(app)

function refreshSessions(database: Database.Database, size: DatasetSize, sessions: readonly number[]): void {
  const expires = Date.now() + SESSION_MAX_AGE_MS
  const update = database.prepare('update sessions set sess = ?, expire = ? where sid = ?')
  database.transaction(() => {
    for (const s of sessions) update.run(sessionJson(sessionOwner(s, size), expires), expires, expressSessionId(s))
  })()
}
