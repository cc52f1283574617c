import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { GatehouseConfigError } from '../errors.ts'
import { generateRandomToken } from '../tokens/index.ts'
import { MIN_SECRET_LENGTH } from '../config.ts'
import { parseDatabaseUrl } from '../db/database.ts'
import { checkRedisUrl } from '../redis/connect-redis.ts'
import { parseTrustedProxies, resolveTrustedProxies } from '../network/trusted-proxies.ts'
import type { TrustedProxiesOption } from '../network/trusted-proxies.ts'
import { hashingQueueFromEnv, resolveHashingQueue } from '../passwords/hashing-queue.ts'
import type { HashingQueueOptions } from '../passwords/hashing-queue.ts'
import { resolveRateLimits } from '../rate-limits/rate-limit-config.ts'
import type { RateLimitOptions } from '../rate-limits/rate-limit-config.ts'
import { rateLimitsFromEnv } from '../rate-limits/rate-limit-env.ts'
import type { CreateGatehouseOptions } from '../create-gatehouse.ts'

/**
 * The part of `createGatehouse`'s options the environment decides: spread it, then add what
 * lives in code (extensions, pages, tenancy, migrations).
 */
export type EnvGatehouseOptions = Partial<CreateGatehouseOptions> & Pick<CreateGatehouseOptions, 'database' | 'secret' | 'publicUrl'>

/** The settings an app reads from its environment (see the README's configuration table). */
export interface EnvConfig {
  /** Everything below that `createGatehouse` takes, as its options: `createGatehouse({ ...env.options, extensions })`. */
  readonly options: EnvGatehouseOptions
  /** `PORT` (default 4000): where the app's server listens. */
  readonly port: number
  /** `HOST` (default 127.0.0.1). */
  readonly host: string
  readonly databaseUrl: string
  readonly publicUrl: string
  readonly secret: string
  readonly production: boolean
  /** `SMTP_URL`; unset: mail goes to the dev mailbox (development only). */
  readonly smtpUrl: string | undefined
  /** `MAIL_FROM`; unset: Gatehouse's default sender. */
  readonly mailFrom: string | undefined
  /** `REDIS_URL`; unset: sessions in the SQL database. */
  readonly redisUrl: string | undefined
  /** `REDIS_KEY_PREFIX` (default `gatehouse:`): lets several apps or environments share one Redis. */
  readonly redisKeyPrefix: string
  /** `GATEHOUSE_RATE_LIMITS`, `GATEHOUSE_RATE_LIMIT_*`, `GATEHOUSE_SIGN_IN_BACKOFF_*` (docs/rate-limits.md): pass as `rateLimits`. */
  readonly rateLimits: RateLimitOptions
  /** `GATEHOUSE_TRUSTED_PROXIES` (a number of proxies, or addresses and networks): pass as `trustedProxies`. */
  readonly trustedProxies: TrustedProxiesOption | undefined
  /** `GATEHOUSE_PASSWORD_HASHING_CONCURRENCY`, `_CONCURRENCY_WHILE_SERVING`, `GATEHOUSE_PASSWORD_HASHING_QUEUE`: pass as `passwordHashingQueue`. */
  readonly passwordHashingQueue: HashingQueueOptions
}

/**
 * The one reader of Gatehouse's environment (the app, `gatehouse init`'s code and the CLI all
 * use it): `PORT`, `HOST`, `DATABASE_URL`, `PUBLIC_URL`, `GATEHOUSE_SECRET`, `SMTP_URL`, `MAIL_FROM`,
 * `REDIS_URL`, `REDIS_KEY_PREFIX`, `NODE_ENV`, `GATEHOUSE_MIGRATE_ON_START`,
 * and the rate-limit, trusted-proxy and hashing-queue variables
 * of docs/rate-limits.md (checked here, so a typo stops start-up). `options` is what
 * `createGatehouse` takes from them; migrations run at start-up outside production (or with
 * `GATEHOUSE_MIGRATE_ON_START=1`).
 * In production `GATEHOUSE_SECRET` is required; in development a secret is generated once and
 * kept in `<dataDir>/gatehouse-secret` (with a warning), so sessions survive restarts.
 *
 * @example
 * const env = loadEnvConfig(process.env)
 * const gatehouse = await createGatehouse({ ...env.options, extensions: appExtensions })
 * serve({ fetch: app.fetch, port: env.port, hostname: env.host })
 */
export function loadEnvConfig(env: NodeJS.ProcessEnv, options: { dataDir?: string; cwd?: string; warn?: (message: string) => void; secret?: 'required' | 'throwaway' } = {}): EnvConfig {
  const production = env.NODE_ENV === 'production'
  const port = Number(env.PORT ?? 4000)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new GatehouseConfigError(`PORT must be a port number, got ${JSON.stringify(env.PORT)}`)
  const host = env.HOST || '127.0.0.1'
  const databaseUrl = absoluteDatabaseUrl(env.DATABASE_URL || 'sqlite:./data/dev.sqlite', options.cwd)
  const publicUrl = env.PUBLIC_URL || `http://localhost:${port}`
  const dataDir = resolve(options.dataDir ?? './data')
  // A CLI command that never signs a cookie (`gatehouse routes`) needs no real secret.
  const throwaway = options.secret === 'throwaway'
  const secret = env.GATEHOUSE_SECRET || (throwaway ? generateRandomToken(48) : production ? missingSecret() : developmentSecret(dataDir, options.warn ?? console.warn))
  if (secret.length < MIN_SECRET_LENGTH) throw new GatehouseConfigError(`GATEHOUSE_SECRET must be at least ${MIN_SECRET_LENGTH} characters`)
  const redisUrl = env.REDIS_URL || undefined
  if (redisUrl) checkRedisUrl(redisUrl)
  const rateLimits = rateLimitsFromEnv(env)
  resolveRateLimits(rateLimits, production)
  const trustedProxies = parseTrustedProxies(env.GATEHOUSE_TRUSTED_PROXIES)
  resolveTrustedProxies(trustedProxies)
  const passwordHashingQueue = hashingQueueFromEnv(env)
  resolveHashingQueue(passwordHashingQueue)
  const smtpUrl = env.SMTP_URL || undefined
  const mailFrom = env.MAIL_FROM || undefined
  const redisKeyPrefix = env.REDIS_KEY_PREFIX || 'gatehouse:'
  return Object.freeze({
    options: Object.freeze({
      database: databaseUrl,
      secret,
      publicUrl,
      production,
      migrate: !production || env.GATEHOUSE_MIGRATE_ON_START === '1',
      sessionStore: redisUrl ? { redisUrl, keyPrefix: redisKeyPrefix } : ('sql' as const),
      mail: { ...(smtpUrl ? { smtpUrl } : {}), ...(mailFrom ? { from: mailFrom } : {}) },
      rateLimits,
      ...(trustedProxies === undefined ? {} : { trustedProxies }),
      passwordHashingQueue,
    }),
    port, host, databaseUrl, publicUrl, secret, production,
    smtpUrl,
    mailFrom,
    redisUrl,
    redisKeyPrefix,
    rateLimits,
    trustedProxies,
    passwordHashingQueue,
  })
}

/** A relative SQLite path made absolute from `cwd`, so the app and the CLI open the same file. */
function absoluteDatabaseUrl(url: string, cwd: string | undefined): string {
  const target = parseDatabaseUrl(url, cwd)
  return target.dialect === 'sqlite' && target.path !== ':memory:' && cwd !== undefined ? `sqlite:${target.path}` : url
}

function missingSecret(): never {
  throw new GatehouseConfigError('GATEHOUSE_SECRET is required when NODE_ENV=production (generate one with: npx gatehouse secret)')
}

function developmentSecret(dataDir: string, warn: (message: string) => void): string {
  const file = resolve(dataDir, 'gatehouse-secret')
  try {
    const stored = readFileSync(file, 'utf8').trim()
    if (stored.length >= MIN_SECRET_LENGTH) return stored
  } catch {
    // not created yet
  }
  const secret = generateRandomToken(48)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${secret}\n`, { mode: 0o600 })
  warn(`[gatehouse] GATEHOUSE_SECRET is not set: generated a development secret in ${file}. Set GATEHOUSE_SECRET in production.`)
  return secret
}
