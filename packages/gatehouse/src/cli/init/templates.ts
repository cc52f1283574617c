/** The files `gatehouse init` writes, as text. Each is the app's from then on: edit freely. */

export type Framework = 'hono' | 'express'

export const CONFIG_TEMPLATE = `import { defineGatehouseConfig } from 'gatehouse'
import { appMigrations } from './src/db/migrations.ts'

/**
 * Gatehouse's settings that live in code. The app (src/gatehouse.ts) and the \`gatehouse\`
 * command (migrate, routes, gen:pages) both read this file; the settings from the environment
 * (DATABASE_URL, GATEHOUSE_SECRET, PUBLIC_URL, SMTP_URL) are added when the app starts.
 */
export default defineGatehouseConfig({
  // Your own tables: \`npx gatehouse migrate\` applies them after Gatehouse's.
  migrations: appMigrations,
  // Switched-on extensions, imported from 'gatehouse' (see docs/extensions/).
  extensions: [],
})
`

export const MIGRATIONS_TEMPLATE = `import type { Migration } from 'kysely'

/**
 * The app's own migrations, applied in name order after Gatehouse's by \`npx gatehouse migrate\`
 * (and when the app starts in development). Never rename one that has been applied.
 *
 * @example
 * '0001_create_notes': {
 *   async up(db) {
 *     await createTenantTable(db, 'notes', (t) => t.addColumn('body', 'text', (c) => c.notNull()))
 *   },
 *   async down(db) {
 *     await db.schema.dropTable('notes').execute()
 *   },
 * },
 */
export const appMigrations: Record<string, Migration> = {}
`

/** `src/gatehouse.ts`: the database setup and the Gatehouse instance the app mounts. */
export function gatehouseModuleTemplate(framework: Framework, defaultPort: number): string {
  const env = defaultPort === 4000 ? 'process.env' : `{ PORT: '${defaultPort}', ...process.env }`
  const express = framework === 'express'
  return `import { createGatehouse, loadEnvConfig } from 'gatehouse'
${express ? "import { createExpressAdapter } from 'gatehouse/express'\n" : ''}import config from '../gatehouse.config.ts'

/**
 * The settings from the environment: PORT (${defaultPort}), HOST, DATABASE_URL (default
 * sqlite:./data/dev.sqlite, or postgres://…), PUBLIC_URL (default http://localhost:<PORT>),
 * GATEHOUSE_SECRET (generated into ./data in development), SMTP_URL, MAIL_FROM, NODE_ENV, and the
 * rate-limit, GATEHOUSE_TRUSTED_PROXIES and password-hashing variables (docs/rate-limits.md).
 */
export const env = loadEnvConfig(${env})

/**
 * Gatehouse on DATABASE_URL. In development pending migrations run at start-up; in
 * production run \`npx gatehouse migrate\` before starting the app.
 */
export const gatehouse = await createGatehouse({
  ...config,
  database: env.databaseUrl,
  secret: env.secret,
  publicUrl: env.publicUrl,
  production: env.production,
  migrate: !env.production,
  mail: { ...(env.smtpUrl ? { smtpUrl: env.smtpUrl } : {}), ...(env.mailFrom ? { from: env.mailFrom } : {}) },
  rateLimits: { ...config.rateLimits, ...env.rateLimits },
  trustedProxies: env.trustedProxies ?? config.trustedProxies,
  passwordHashingQueue: { ...config.passwordHashingQueue, ...env.passwordHashingQueue },
})
${express ? '\n/** Gatehouse for Express: `app.use(auth.middleware)`, `auth.requireAuthenticated()`, `auth.render(…)`. */\nexport const auth = createExpressAdapter(gatehouse)\n' : ''}`
}

/** The lines that mount Gatehouse in the app's entry file, after `const app = …`. */
export function mountingLines(framework: Framework, app: string): string[] {
  const comment = '// Gatehouse: sign-in, registration and the current user on every request (npx gatehouse init)'
  if (framework === 'express') return [comment, `${app}.use(auth.middleware)`]
  return [comment, `${app}.use(gatehouse.middleware)`, `${app}.route('/', gatehouse.app)`]
}

/** The import the entry file needs for the mounting lines. */
export function mountingImport(framework: Framework, fromEntry: string, withEnv: boolean): string {
  const names = framework === 'express' ? (withEnv ? 'auth, env' : 'auth') : withEnv ? 'env, gatehouse' : 'gatehouse'
  return `import { ${names} } from '${fromEntry}'`
}

/** A tsconfig for a project that has none: what tsx and hono/jsx pages need. */
export const TSCONFIG_TEMPLATE = `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "ESNext",
    "moduleResolution": "Bundler",
    "allowImportingTsExtensions": true,
    "noEmit": true,
    "strict": true,
    "skipLibCheck": true,
    "verbatimModuleSyntax": true,
    "jsx": "react-jsx",
    "jsxImportSource": "hono/jsx",
    "types": ["node"]
  }
}
`
