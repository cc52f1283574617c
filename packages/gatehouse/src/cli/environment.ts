import { parseDatabaseUrl } from '../db/database.ts'
import { generateRandomToken } from '../tokens/index.ts'
import type { CreateGatehouseOptions } from '../index.ts'
import type { GatehouseAppConfig } from './app-config.ts'

export const DEFAULT_DATABASE_URL = 'sqlite:./data/dev.sqlite'

/**
 * `DATABASE_URL` (default `sqlite:./data/dev.sqlite`), checked, with a relative SQLite path
 * made absolute from the app's folder.
 *
 * @example
 * databaseUrlFrom({ DATABASE_URL: 'sqlite:db.sqlite' }, '/app') // 'sqlite:/app/db.sqlite'
 */
export function databaseUrlFrom(env: NodeJS.ProcessEnv, cwd: string): string {
  const url = env.DATABASE_URL || DEFAULT_DATABASE_URL
  const target = parseDatabaseUrl(url, cwd)
  return target.dialect === 'sqlite' && target.path !== ':memory:' ? `sqlite:${target.path}` : url
}

/**
 * The options the app itself would build from this environment, for commands that need a
 * whole Gatehouse (`routes`): the secret only signs cookies, so a throwaway one does when
 * `GATEHOUSE_SECRET` is unset.
 */
export function gatehouseOptionsFrom(config: GatehouseAppConfig, env: NodeJS.ProcessEnv, database: string): CreateGatehouseOptions {
  const { app: _app, ...options } = config
  return {
    ...options,
    database,
    secret: env.GATEHOUSE_SECRET || generateRandomToken(48),
    publicUrl: env.PUBLIC_URL || `http://localhost:${env.PORT || 4000}`,
    production: env.NODE_ENV === 'production',
    mail: { ...(env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : {}), ...options.mail },
  }
}
