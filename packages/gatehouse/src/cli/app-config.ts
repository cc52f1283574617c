import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { GatehouseConfigError } from '../errors.ts'
import type { CreateGatehouseOptions, Gatehouse } from '../create-gatehouse.ts'
import { CliUsageError } from './command.ts'
import { importAppModule } from './import-app-module.ts'

/** One route as Hono lists it in `app.routes` (middleware entries included). */
export interface AppRoute {
  readonly method: string
  readonly path: string
  readonly handler: unknown
}

/**
 * The part of Gatehouse's configuration that lives in the app's code (`gatehouse.config.ts`):
 * everything `createGatehouse` takes except what comes from the environment (`database`,
 * `secret`, `publicUrl`). The app and the `gatehouse` CLI read the same module, so
 * `gatehouse migrate` applies the app's migrations and `gatehouse routes` shows the
 * extensions the app really switches on.
 */
export interface GatehouseAppConfig extends Omit<CreateGatehouseOptions, 'database' | 'secret' | 'publicUrl' | 'migrate'> {
  /**
   * Optional: builds the app's own Hono app around Gatehouse, so `gatehouse routes` lists the
   * app's routes too (who may call each is read from `requireAuthenticated()` in its chain).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any app tables
  readonly app?: (gatehouse: Gatehouse<any>) => { readonly routes: readonly AppRoute[] }
}

/**
 * Declares the app's Gatehouse configuration with its type checked; returns it unchanged, typed
 * as the whole `GatehouseAppConfig` (so `config.rateLimits` type-checks whether it is set or not).
 *
 * @example
 * // gatehouse.config.ts
 * import { defineGatehouseConfig } from '@gatehouse-auth/gatehouse'
 * import { appMigrations } from './src/migrations.ts'
 * export default defineGatehouseConfig({ migrations: appMigrations, extensions: [] })
 */
export function defineGatehouseConfig(config: GatehouseAppConfig): GatehouseAppConfig {
  return config
}

/** The file names `gatehouse` looks for in the app's folder, in order. */
export const CONFIG_FILES = ['gatehouse.config.ts', 'gatehouse.config.mts', 'gatehouse.config.js', 'gatehouse.config.mjs'] as const

/** A loaded config and where it came from (null: none found, Gatehouse's defaults). */
export interface LoadedConfig {
  readonly config: GatehouseAppConfig
  readonly path: string | null
}

/** The config file `--config` names, else the first of `CONFIG_FILES` in `cwd`, else null. */
export function findConfigFile(cwd: string, explicit?: string): string | null {
  if (explicit !== undefined) {
    const path = resolve(cwd, explicit)
    if (!existsSync(path)) throw new CliUsageError(`config file not found: ${explicit}`)
    return path
  }
  return CONFIG_FILES.map((name) => resolve(cwd, name)).find((path) => existsSync(path)) ?? null
}

/**
 * Imports the app's config module (a TypeScript one through the app's tsx, see
 * `importAppModule`).
 *
 * @example
 * const { config, path } = await loadAppConfig(process.cwd())
 */
export async function loadAppConfig(cwd: string, explicit?: string): Promise<LoadedConfig> {
  const path = findConfigFile(cwd, explicit)
  if (path === null) return { config: {}, path: null }
  const module = await importAppModule(path, cwd)
  const config = module.default
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new GatehouseConfigError(`${path} must export default defineGatehouseConfig({ … })`)
  }
  return { config: config as GatehouseAppConfig, path }
}
