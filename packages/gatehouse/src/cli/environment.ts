import { loadEnvConfig } from '../config/env.ts'
import type { CreateGatehouseOptions } from '../create-gatehouse.ts'
import type { GatehouseAppConfig } from './app-config.ts'

/**
 * `DATABASE_URL` as the app reads it (`loadEnvConfig`), with a relative SQLite path made
 * absolute from the app's folder.
 *
 * @example
 * databaseUrlFrom({ DATABASE_URL: 'sqlite:db.sqlite' }, '/app') // 'sqlite:/app/db.sqlite'
 */
export function databaseUrlFrom(env: NodeJS.ProcessEnv, cwd: string): string {
  return loadEnvConfig(env, { cwd, secret: 'throwaway' }).databaseUrl
}

/**
 * The options the app itself builds from this environment (the same `loadEnvConfig`) and its
 * config module, for commands that need a whole Gatehouse (`routes`, `sessions:prune`). The
 * secret only signs cookies, so a throwaway one does when `GATEHOUSE_SECRET` is unset.
 */
export function gatehouseOptionsFrom(config: GatehouseAppConfig, env: NodeJS.ProcessEnv, database: string): CreateGatehouseOptions {
  const { app: _app, ...options } = config
  // Whether to migrate is each command's decision, not the environment's.
  const { migrate: _migrate, ...fromEnv } = loadEnvConfig(env, { secret: 'throwaway' }).options
  return { ...fromEnv, ...options, database, mail: { ...fromEnv.mail, ...options.mail } }
}
