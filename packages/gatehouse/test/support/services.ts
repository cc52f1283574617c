import { randomBytes } from 'node:crypto'
import { after } from 'node:test'
import { Redis } from 'ioredis'
import pg from 'pg'

const cleanups: Array<() => Promise<void>> = []
after(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** Runs `cleanup` when the test file ends, newest first (close pools before dropping databases). */
export function onCleanup(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup)
}

/** Set by `.ci/run`: a suite whose service is missing then fails instead of skipping. */
export const servicesRequired = process.env.GATEHOUSE_REQUIRE_SERVICES === '1'

/**
 * How long a probe waits for a connection. A machine without the service refuses at once, so
 * the wait only matters for one that is slow to answer: when the service is required, a busy
 * machine (both cores on the test run) must not read as a missing service.
 */
const probeTimeoutMs = servicesRequired ? 15_000 : 2_000

export const postgresAdminUrl = process.env.GATEHOUSE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export const redisUrl = process.env.GATEHOUSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/**
 * Why a suite that needs a service must be skipped, or null when it can run. Throws when the
 * service is missing but required, so CI cannot go green by skipping.
 */
export function skipReason(service: string, problem: string | null): string | null {
  if (problem === null) return null
  const reason = `${service} unavailable (${problem}); set GATEHOUSE_REQUIRE_SERVICES=1 to make this a failure`
  if (servicesRequired) throw new Error(`${service} is required (GATEHOUSE_REQUIRE_SERVICES=1) but ${problem}`)
  console.log(`# skipping ${service} suites: ${reason}`)
  return reason
}

let postgresProblem: Promise<string | null> | undefined

/** Null when PostgreSQL answers at `postgresAdminUrl`, else what went wrong. */
export function probePostgres(): Promise<string | null> {
  postgresProblem ??= (async () => {
    const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: probeTimeoutMs })
    try {
      await client.connect()
      await client.query('select 1')
      return null
    } catch (error) {
      return `${postgresAdminUrl}: ${(error as Error).message || String(error)}`
    } finally {
      await client.end().catch(() => {})
    }
  })()
  return postgresProblem
}

/** Creates an empty database for one test file and returns its URL and a function dropping it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `gatehouse_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
  const admin = new pg.Client({ connectionString: postgresAdminUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(postgresAdminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: postgresAdminUrl })
      await client.connect()
      await client.query(`drop database if exists ${name} with (force)`)
      await client.end()
    },
  }
}

let redisProblem: Promise<string | null> | undefined

/** Null when Redis answers PING at `redisUrl`, else what went wrong. */
export function probeRedis(): Promise<string | null> {
  redisProblem ??= (async () => {
    const client = new Redis(redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: probeTimeoutMs, retryStrategy: () => null })
    client.on('error', () => {})
    try {
      await client.connect()
      await client.ping()
      return null
    } catch (error) {
      return `${redisUrl}: ${(error as Error).message || String(error)}`
    } finally {
      client.disconnect()
    }
  })()
  return redisProblem
}

/**
 * A key prefix of its own for one test (test files run in parallel against the shared Redis),
 * whose keys are deleted when the file ends.
 *
 * @example
 * const keyPrefix = redisTestPrefix()
 * createGatehouse({ ..., sessionStore: { redisUrl, keyPrefix } })
 */
export function redisTestPrefix(): string {
  const prefix = `gatehouse-test:${process.pid}:${randomBytes(6).toString('hex')}:`
  onCleanup(async () => void (await deleteRedisKeys(prefix)))
  return prefix
}

/** Deletes every key under a prefix of the shared test Redis; returns how many. */
export async function deleteRedisKeys(prefix: string): Promise<number> {
  const client = new Redis(redisUrl, { maxRetriesPerRequest: 0, retryStrategy: () => null })
  client.on('error', () => {})
  try {
    let deleted = 0
    for await (const keys of client.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) deleted += await client.del(...keys)
    }
    return deleted
  } finally {
    client.disconnect()
  }
}
