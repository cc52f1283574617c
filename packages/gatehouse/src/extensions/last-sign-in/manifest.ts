import type { ExtensionManifest } from '../api.ts'
import { lastSignInMigrations } from './migrations.ts'
import type { LastSignInTables } from './tables.ts'

/** What Gatehouse's core and CLI read about last sign-in (no code runs here). */
export const LAST_SIGN_IN_MANIFEST = {
  name: 'last_sign_in',
  migrations: lastSignInMigrations,
  tables: ['last_sign_ins'],
} as const satisfies ExtensionManifest<LastSignInTables>
