import pg from 'pg'
import type { DatasetSize } from '../../harness/dataset.ts'
import { gatehouseToken, gatehouseTokens, sessionOwner, sha256Hex } from '../../harness/dataset.ts'
import { SESSION_LIFETIME_MS } from './seed-values.ts'

const BATCH = 20_000

/**
 * The same rows as `seedGatehouseSqlite`: accounts and users generated inside PostgreSQL with
 * `generate_series`, sessions sent in batches of 20,000 through `unnest` (one statement each).
 */
export async function seedGatehousePostgres(url: string, size: DatasetSize, passwordHash: string, now = Date.now()): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('begin')
    await client.query(
      `insert into accounts (id, name, normalized_name, inserted_at, updated_at)
       select i, 'Account ' || lpad(i::text, 7, '0'), 'account ' || lpad(i::text, 7, '0'), $2::bigint, $2::bigint
       from generate_series(1, $1::int) as i`,
      [size.users, now],
    )
    await client.query(
      `insert into users (id, account_id, email, password_hash, role, inserted_at, updated_at)
       select i, i, 'user' || lpad(i::text, 7, '0') || '@example.com', $2, 'owner', $3::bigint, $3::bigint
       from generate_series(1, $1::int) as i`,
      [size.users, passwordHash, now],
    )
    for (let from = 1; from <= size.sessions; from += BATCH) {
      const count = Math.min(BATCH, size.sessions - from + 1)
      const tokens = gatehouseTokens(from, count)
      const owners = tokens.map((_, k) => sessionOwner(from + k, size))
      await client.query(
        `insert into sessions (id, secret_hash, user_id, account_id, created_at, refreshed_at, expires_at)
         select t.id, t.hash, t.owner, t.owner, $4::bigint, $4::bigint, $5::bigint
         from unnest($1::text[], $2::text[], $3::bigint[]) as t(id, hash, owner)`,
        [tokens.map((t) => t.id), tokens.map((t) => sha256Hex(t.secret)), owners, now, now + SESSION_LIFETIME_MS],
      )
    }
    await client.query(`select setval(pg_get_serial_sequence('accounts', 'id'), $1::bigint)`, [size.users])
    await client.query(`select setval(pg_get_serial_sequence('users', 'id'), $1::bigint)`, [size.users])
    await client.query('commit')
    await client.query('vacuum analyze accounts, users, sessions')
  } finally {
    await client.end()
  }
}

/** See `refreshGatehouseSqliteSessions`. */
export async function refreshGatehousePostgresSessions(url: string, sessions: readonly number[], now = Date.now()): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const tokens = sessions.map((session) => gatehouseToken(session))
    await client.query(
      `update sessions set secret_hash = t.hash, refreshed_at = $3::bigint, expires_at = $4::bigint, previous_secret_hash = null, previous_valid_until = null
       from unnest($1::text[], $2::text[]) as t(id, hash) where sessions.id = t.id`,
      [tokens.map((t) => t.id), tokens.map((t) => sha256Hex(t.secret)), now, now + SESSION_LIFETIME_MS],
    )
  } finally {
    await client.end()
  }
}
