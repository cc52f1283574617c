import { createGatehouse, resetPassword } from 'gatehouse'
import type { CreateGatehouseOptions, Gatehouse } from 'gatehouse'
import { TENANT_TABLES, tutorialMigrations } from './migrations.ts'
import type { TutorialTables } from './migrations.ts'
import { SECRET_FORM_MAX_BYTES } from './secrets/secret-input.ts'

export type TutorialGatehouse = Gatehouse<TutorialTables>

/** The extensions the tutorial switches on. */
export function tutorialExtensions() {
  return [resetPassword()]
}

/**
 * Gatehouse as the tutorial configures it: its migrations, its tenant tables and its
 * extensions. The server and the tests both build it here, so they run the same app.
 */
export function createTutorialGatehouse(options: Omit<CreateGatehouseOptions, 'migrations'>): Promise<TutorialGatehouse> {
  return createGatehouse<TutorialTables>({
    maxFormBytes: SECRET_FORM_MAX_BYTES,
    ...options,
    extensions: options.extensions ?? tutorialExtensions(),
    migrations: tutorialMigrations,
    tenancy: { tables: TENANT_TABLES, ...options.tenancy },
  })
}
