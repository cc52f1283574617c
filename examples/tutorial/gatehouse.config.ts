import { defineGatehouseConfig } from '@gatehouse-auth/gatehouse'
import { createTutorialApp } from './src/app.tsx'
import { TENANT_TABLES, tutorialMigrations } from './src/migrations.ts'
import { SECRET_FORM_MAX_BYTES } from './src/secrets/secret-input.ts'
import { tutorialExtensions } from './src/tutorial-gatehouse.ts'

/**
 * The tutorial's configuration as the `gatehouse` command reads it (`npx gatehouse migrate`,
 * `routes`, `gen:pages` run in examples/tutorial): the same migrations, tenant tables and
 * extensions as src/tutorial-gatehouse.ts, and the app itself so that `routes` lists its pages.
 */
export default defineGatehouseConfig({
  maxFormBytes: SECRET_FORM_MAX_BYTES,
  migrations: tutorialMigrations,
  tenancy: { tables: TENANT_TABLES },
  extensions: tutorialExtensions(),
  app: createTutorialApp,
})
