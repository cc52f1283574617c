import { rmSync } from 'node:fs'
import Database from 'better-sqlite3'
import { announceReady, readChildConfig } from '../../harness/child-side.ts'
import type { DatasetSize } from '../../harness/dataset.ts'
import { accountName, expressSessionIds, sessionOwner, userEmail } from '../../harness/dataset.ts'
import { SESSION_MAX_AGE_MS, sessionJson } from './session-json.ts'

/**
 * Child entry: the express-session + passport database: a users table (with the account name
 * beside the email, as an app's own table would) and `sessions` rows in the store's format,
 * each holding passport's `{ passport: { user: id } }`.
 */
interface ExpressSeedConfig {
  readonly path: string
  readonly size: DatasetSize
}

const config = readChildConfig<ExpressSeedConfig>()
const started = performance.now()
for (const suffix of ['', '-wal', '-shm']) rmSync(config.path + suffix, { force: true })
const db = new Database(config.path)
db.pragma('journal_mode = WAL')
db.pragma('synchronous = OFF')
db.pragma('cache_size = -262144')
db.exec('create table users (id integer primary key, email text not null unique, account_name text not null)')
db.exec('create table sessions (sid text primary key, sess text not null, expire integer not null)')
const insertUser = db.prepare('insert into users (id, email, account_name) values (?, ?, ?)')
db.transaction(() => {
  for (let user = 1; user <= config.size.users; user++) insertUser.run(user, userEmail(user), accountName(user))
})()
const expires = Date.now() + SESSION_MAX_AGE_MS
const insertSession = db.prepare('insert into sessions (sid, sess, expire) values (?, ?, ?)')
const ids = expressSessionIds(1, config.size.sessions)
db.transaction(() => {
  ids.forEach((id, i) => insertSession.run(id, sessionJson(sessionOwner(i + 1, config.size), expires), expires))
})()
db.pragma('wal_checkpoint(TRUNCATE)')
db.close()
announceReady({ seconds: (performance.now() - started) / 1000 })
