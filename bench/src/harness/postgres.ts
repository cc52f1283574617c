import pg from 'pg'

/** The PostgreSQL server the benchmark may use: `BENCH_POSTGRES_URL`, or the local default. */
export const POSTGRES_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/** Null when PostgreSQL answers, otherwise why not (the PostgreSQL contenders are then skipped). */
export async function probePostgres(adminUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('select 1')
    return null
  } catch (error) {
    return `PostgreSQL at ${new URL(adminUrl).host} is not reachable (${error instanceof Error ? error.message : String(error)})`
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** A URL for another database on the same server. */
export function postgresDatabaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/**
 * Rows inserted, updated or deleted so far in a database's tables, from PostgreSQL's statistics.
 * Backends report their counts when they exit, so read this after closing the app's pool.
 */
export async function postgresRowsWritten(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ written: string }>('select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::text as written from pg_stat_user_tables')
    return Number(rows[0]?.written ?? 0)
  } finally {
    await client.end()
  }
}

/** Drops a benchmark database (at the end of a run). */
export async function dropPostgresDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(`drop database if exists "${name}" with (force)`)
  } finally {
    await client.end()
  }
}
