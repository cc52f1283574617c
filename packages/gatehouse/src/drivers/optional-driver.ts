import { createRequire } from 'node:module'
import { GatehouseConfigError } from '../errors.ts'

const require = createRequire(import.meta.url)

/**
 * Loads a driver the app installs only when it uses it (better-sqlite3, pg, ioredis,
 * nodemailer, @node-rs/bcrypt: optional peer dependencies), at the moment the configuration
 * asks for it. A missing package is a configuration error that names the package to install.
 * `require` rather than `import()`: the five drivers are CommonJS and the functions that open
 * them (`openDatabase`, `createSmtpMailer`…) are synchronous.
 *
 * @example
 * const pg = loadOptionalDriver<typeof import('pg')>('pg', `DATABASE_URL is postgres://…`)
 * // GatehouseConfigError: DATABASE_URL is postgres://… but the "pg" package is not installed: npm install pg
 */
export function loadOptionalDriver<Module>(name: string, neededBecause: string): Module {
  try {
    return require(name) as Module
  } catch (error) {
    if (isMissingPackage(error, name)) throw new GatehouseConfigError(`${neededBecause} but the "${name}" package is not installed: npm install ${name}`)
    throw error
  }
}

function isMissingPackage(error: unknown, name: string): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown }
  // A driver that is there but fails to load (a broken native build) must keep its own error.
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${name}'`)
}
