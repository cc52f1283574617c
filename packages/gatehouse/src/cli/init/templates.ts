/** The files `gatehouse init` writes, as text. Each is the app's from then on: edit freely. */

export type Framework = 'hono' | 'express'

export const CONFIG_TEMPLATE = `import { defineGatehouseConfig } from '@gatehouse-auth/gatehouse'
import { appMigrations, TENANT_TABLES } from './src/db/migrations.js'

/**
 * Gatehouse's settings that live in code. The app (src/gatehouse.ts) and the \`gatehouse\`
 * command (migrate, routes, gen:pages) both read this file; the settings from the environment
 * (DATABASE_URL, GATEHOUSE_SECRET, PUBLIC_URL, SMTP_URL, REDIS_URL…) are added when the app starts.
 */
export default defineGatehouseConfig({
  // Your own tables: \`npx gatehouse migrate\` applies them after Gatehouse's.
  migrations: appMigrations,
  // Tables that belong to one account each: reach them with gatehouse.scoped(c, (db) => …).
  tenancy: { tables: TENANT_TABLES },
  // Switched-on extensions, imported from '@gatehouse-auth/gatehouse' (see its docs/extensions/).
  extensions: [],
})
`

export const MIGRATIONS_TEMPLATE = `import { createTenantTable } from '@gatehouse-auth/gatehouse'
import type { Generated, Migration } from '@gatehouse-auth/gatehouse'

/** The app's own tables as Kysely sees them: \`createGatehouse<AppTables>\` types \`gatehouse.db\` with them. */
export interface AppTables {
  notes: {
    id: Generated<number>
    account_id: number
    body: string
    inserted_at: number
  }
}

/** The tables that belong to one account each (an \`account_id\` column, reached through \`gatehouse.scoped\`). */
export const TENANT_TABLES = ['notes']

/**
 * The app's own migrations, applied in name order after Gatehouse's by \`npx gatehouse migrate\`
 * (and when the app starts in development). Never rename one that has been applied.
 */
export const appMigrations: Record<string, Migration> = {
  '0001_create_notes': {
    async up(db) {
      await createTenantTable(db, 'notes', (t) =>
        t.addColumn('body', 'text', (c) => c.notNull()).addColumn('inserted_at', 'bigint', (c) => c.notNull()),
      )
    },
    async down(db) {
      await db.schema.dropTable('notes').execute()
    },
  },
}
`

/** \`src/gatehouse.ts\`: the environment, the database setup and the Gatehouse instance the app mounts. */
export function gatehouseModuleTemplate(framework: Framework, defaultPort: number): string {
  const env = defaultPort === 4000 ? 'process.env' : `{ PORT: '${defaultPort}', ...process.env }`
  const express = framework === 'express'
  return `import { existsSync } from 'node:fs'
import { createGatehouse, loadEnvConfig } from '@gatehouse-auth/gatehouse'
${express ? "import { createExpressAdapter } from '@gatehouse-auth/gatehouse/express'\n" : ''}import config from '../gatehouse.config.js'
import type { AppTables } from './db/migrations.js'

// A .env file in the app's folder (GATEHOUSE_SECRET=…), if there is one; the real environment wins.
if (existsSync('.env')) process.loadEnvFile('.env')

/**
 * The settings from the environment: PORT (${defaultPort}), HOST (127.0.0.1), DATABASE_URL (default
 * sqlite:./data/dev.sqlite, or postgres://…), PUBLIC_URL (default http://localhost:<PORT>),
 * GATEHOUSE_SECRET (generated into ./data in development), REDIS_URL, SMTP_URL, MAIL_FROM,
 * NODE_ENV, GATEHOUSE_MIGRATE_ON_START, and the rate-limit, GATEHOUSE_TRUSTED_PROXIES and
 * password-hashing variables (see Gatehouse's docs/rate-limits.md).
 */
export const env = loadEnvConfig(${env})

/**
 * Gatehouse on DATABASE_URL. In development pending migrations run at start-up; in
 * production run \`npx gatehouse migrate\` before starting the app.
 */
export const gatehouse = await createGatehouse<AppTables>({
  ...config,
  ...env.options,
  mail: { ...config.mail, ...env.options.mail },
  rateLimits: { ...config.rateLimits, ...env.options.rateLimits },
  passwordHashingQueue: { ...config.passwordHashingQueue, ...env.options.passwordHashingQueue },
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

/** A tsconfig for a project that has none: `tsc` builds dist/ for `node`, tsx runs the sources in development. */
export const TSCONFIG_TEMPLATE = `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "outDir": "dist",
    "strict": true,
    "verbatimModuleSyntax": true,
    "jsx": "react-jsx",
    "jsxImportSource": "hono/jsx",
    "types": ["node"]
  },
  "exclude": ["node_modules", "dist"]
}
`
