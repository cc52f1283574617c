import type Database from 'better-sqlite3'
import session from 'express-session'
import type { SessionData } from 'express-session'

/**
 * An express-session store over better-sqlite3 with prepared statements: the shape of the
 * published SQLite stores (connect-sqlite3, better-sqlite3-session-store), written here so no
 * store's own inefficiency is blamed on express-session. Like them it implements `touch`, which
 * express-session calls on every request whose session did not change (one UPDATE).
 */
export class SqliteSessionStore extends session.Store {
  private readonly getStatement
  private readonly setStatement
  private readonly touchStatement
  private readonly destroyStatement

  constructor(db: Database.Database) {
    super()
    db.exec('create table if not exists sessions (sid text primary key, sess text not null, expire integer not null)')
    this.getStatement = db.prepare<[string, number], { sess: string }>('select sess from sessions where sid = ? and expire > ?')
    this.setStatement = db.prepare('insert or replace into sessions (sid, sess, expire) values (?, ?, ?)')
    this.touchStatement = db.prepare('update sessions set expire = ? where sid = ?')
    this.destroyStatement = db.prepare('delete from sessions where sid = ?')
  }

  override get(sid: string, callback: (error: unknown, session?: SessionData | null) => void): void {
    try {
      const row = this.getStatement.get(sid, Date.now())
      callback(null, row ? (JSON.parse(row.sess) as SessionData) : null)
    } catch (error) {
      callback(error)
    }
  }

  override set(sid: string, data: SessionData, callback?: (error?: unknown) => void): void {
    try {
      this.setStatement.run(sid, JSON.stringify(data), expiryOf(data))
      callback?.()
    } catch (error) {
      callback?.(error)
    }
  }

  override touch(sid: string, data: SessionData, callback?: () => void): void {
    this.touchStatement.run(expiryOf(data), sid)
    callback?.()
  }

  override destroy(sid: string, callback?: (error?: unknown) => void): void {
    try {
      this.destroyStatement.run(sid)
      callback?.()
    } catch (error) {
      callback?.(error)
    }
  }
}

function expiryOf(data: SessionData): number {
  const expires = data.cookie?.expires
  return expires ? new Date(expires).getTime() : Date.now() + 24 * 60 * 60 * 1000
}
