import type Database from 'better-sqlite3'
import type { BetterAuthOptions } from 'better-auth'
import { BENCH_SECRET } from '../../harness/dataset.ts'

/** How long the signed cookie cache stays valid: longer than a whole run, see below. */
const COOKIE_CACHE_SECONDS = 60 * 60

/**
 * better-auth as its documentation sets it up: email and password, SQLite through its built-in
 * Kysely adapter. Rate limiting and telemetry are off (the benchmark is the only client).
 * The cookie cache's lifetime is an hour instead of 5 minutes because the load generator does
 * not store the refreshed cache cookie a browser would: every request then measures the cached
 * path, a browser's steady state.
 */
export function betterAuthOptions(database: Database.Database, cookieCache: boolean): BetterAuthOptions {
  return {
    database,
    secret: BENCH_SECRET,
    baseURL: 'http://127.0.0.1',
    emailAndPassword: { enabled: true },
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    logger: { disabled: true },
    session: cookieCache ? { cookieCache: { enabled: true, maxAge: COOKIE_CACHE_SECONDS } } : {},
  }
}
