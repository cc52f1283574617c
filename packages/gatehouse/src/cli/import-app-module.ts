import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { GatehouseConfigError } from '../errors.ts'

/**
 * Imports one of the app's modules (its `gatehouse.config.ts`). Plain `node` (the installed
 * `gatehouse` binary) cannot load TypeScript: the app's own `tsx`, which `npm run dev` already
 * uses, is then registered and the import tried again; without it the error says what to do.
 *
 * @example
 * const module = await importAppModule('/srv/app/gatehouse.config.ts', '/srv/app')
 */
export async function importAppModule(path: string, appDir: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(path).href
  try {
    return (await import(url)) as Record<string, unknown>
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !/\.[mc]?tsx?$/.test(path)) throw error
  }
  await registerAppTsx(path, appDir)
  // A new URL: the loader remembers the failed import of the first one.
  return (await import(`${url}?tsx`)) as Record<string, unknown>
}

async function registerAppTsx(path: string, appDir: string): Promise<void> {
  let api: string
  try {
    // `require.resolve` would pick tsx's CommonJS build of the API; the ESM one is registered.
    const manifestPath = createRequire(join(appDir, 'package.json')).resolve('tsx/package.json')
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> }
    api = join(dirname(manifestPath), manifest.exports['./esm/api']?.import.default ?? 'dist/esm/api/index.mjs')
  } catch {
    throw new GatehouseConfigError(
      `${basename(path)} is TypeScript, which plain node cannot load: install tsx in the app (npm install --save-dev tsx), or write the config as gatehouse.config.js`,
    )
  }
  const module = (await import(pathToFileURL(api).href)) as { register?: () => unknown; default?: { register?: () => unknown } }
  const register = module.register ?? module.default?.register
  if (!register) throw new GatehouseConfigError(`the app's tsx (${api}) has no register(): update tsx`)
  register()
}
