import BetterSqlite3 from 'better-sqlite3'
import type { DatasetSize } from '../../harness/dataset.ts'
import { accountName, gatehouseToken, gatehouseTokens, sessionOwner, sha256Hex, userEmail } from '../../harness/dataset.ts'
import { SESSION_LIFETIME_MS } from './seed-values.ts'

/**
 * Fills a migrated Gatehouse SQLite database: one account and one owner per user (all with
 * the same argon2id hash: hashing 100k passwords would take longer than the benchmark), and
 * `size.sessions` valid sessions spread over the users. Prepared statements in one
 * transaction per table.
 *
 * @example
 * seedGatehouseSqlite('/tmp/bench.sqlite', { users: 1000, sessions: 1000 }, hash)
 */
export function seedGatehouseSqlite(path: string, size: DatasetSize, passwordHash: string, now = Date.now()): void {
  const db = new BetterSqlite3(path)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = OFF')
    db.pragma('cache_size = -262144')
    const insertAccount = db.prepare('insert into accounts (id, name, normalized_name, inserted_at, updated_at) values (?, ?, ?, ?, ?)')
    const insertUser = db.prepare("insert into users (id, account_id, email, password_hash, role, inserted_at, updated_at) values (?, ?, ?, ?, 'owner', ?, ?)")
    db.transaction(() => {
      for (let user = 1; user <= size.users; user++) {
        const name = accountName(user)
        insertAccount.run(user, name, name.toLowerCase(), now, now)
        insertUser.run(user, user, userEmail(user), passwordHash, now, now)
      }
    })()
    const insertSession = db.prepare(
      'insert into sessions (id, secret_hash, user_id, account_id, created_at, refreshed_at, expires_at) values (?, ?, ?, ?, ?, ?, ?)',
    )
    // Inserting in id order appends to the primary-key index instead of splitting pages at random.
    const sessions = gatehouseTokens(1, size.sessions).map((token, i) => ({ session: i + 1, ...token }))
    sessions.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    db.transaction(() => {
      for (const { session, id, secret } of sessions) {
        const owner = sessionOwner(session, size)
        insertSession.run(id, sha256Hex(secret), owner, owner, now, now, now + SESSION_LIFETIME_MS)
      }
    })()
    db.pragma('wal_checkpoint(TRUNCATE)')
  } finally {
    db.close()
  }
}

/**
 * Makes the sessions the load generator presents fresh again, with their original secrets:
 * an earlier scenario may have rotated them, and idle expiry counts from the last rotation.
 */
export function refreshGatehouseSqliteSessions(path: string, sessions: readonly number[], now = Date.now()): void {
  const db = new BetterSqlite3(path)
  try {
    const refresh = db.prepare(
      'update sessions set secret_hash = ?, refreshed_at = ?, expires_at = ?, previous_secret_hash = null, previous_valid_until = null where id = ?',
    )
    db.transaction(() => {
      for (const session of sessions) {
        const { id, secret } = gatehouseToken(session)
        refresh.run(sha256Hex(secret), now, now + SESSION_LIFETIME_MS, id)
      }
    })()
    db.pragma('wal_checkpoint(TRUNCATE)')
  } finally {
    db.close()
  }
}
