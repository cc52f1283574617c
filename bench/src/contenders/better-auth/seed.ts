import { rmSync } from 'node:fs'
import Database from 'better-sqlite3'
import { hashPassword } from 'better-auth/crypto'
import { getMigrations } from 'better-auth/db/migration'
import { announceReady, readChildConfig } from '../../harness/child-side.ts'
import type { DatasetSize } from '../../harness/dataset.ts'
import { BENCH_PASSWORD, accountName, betterAuthTokens, sessionOwner, userEmail } from '../../harness/dataset.ts'
import { betterAuthOptions } from './options.ts'

/**
 * Child entry: a better-auth SQLite database with its own migrations, then the same people as
 * Gatehouse's: user `i` (name = the account name, so pages have the same size), a credential
 * account holding one shared scrypt hash from better-auth's own `hashPassword`, and sessions
 * whose tokens `dataset.ts` can derive.
 */
interface BetterAuthSeedConfig {
  readonly path: string
  readonly size: DatasetSize
}

const SESSION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000

const config = readChildConfig<BetterAuthSeedConfig>()
const started = performance.now()
for (const suffix of ['', '-wal', '-shm']) rmSync(config.path + suffix, { force: true })
const db = new Database(config.path)
db.pragma('journal_mode = WAL')
const { runMigrations } = await getMigrations(betterAuthOptions(db, false))
await runMigrations()
const passwordHash = await hashPassword(BENCH_PASSWORD)
const now = new Date().toISOString()
const expires = new Date(Date.now() + SESSION_LIFETIME_MS).toISOString()
db.pragma('synchronous = OFF')
db.pragma('cache_size = -262144')
const insertUser = db.prepare('insert into "user" (id, name, email, emailVerified, image, createdAt, updatedAt) values (?, ?, ?, 0, null, ?, ?)')
const insertAccount = db.prepare(
  'insert into account (id, accountId, providerId, userId, password, createdAt, updatedAt) values (?, ?, \'credential\', ?, ?, ?, ?)',
)
db.transaction(() => {
  for (let user = 1; user <= config.size.users; user++) {
    const id = userId(user)
    insertUser.run(id, accountName(user), userEmail(user), now, now)
    insertAccount.run(`a${id}`, id, id, passwordHash, now, now)
  }
})()
const insertSession = db.prepare(
  'insert into session (id, expiresAt, token, createdAt, updatedAt, ipAddress, userAgent, userId) values (?, ?, ?, ?, ?, \'\', \'\', ?)',
)
const tokens = betterAuthTokens(1, config.size.sessions)
db.transaction(() => {
  tokens.forEach((token, i) => insertSession.run(`s${i + 1}`, expires, token, now, now, userId(sessionOwner(i + 1, config.size))))
})()
db.pragma('wal_checkpoint(TRUNCATE)')
db.close()
announceReady({ seconds: (performance.now() - started) / 1000 })

function userId(user: number): string {
  return `u${String(user).padStart(9, '0')}`
}
