import type { ExtensionManifest } from '../api.ts'
import { rememberMeMigrations } from './migrations.ts'
import type { RememberMeReads, RememberMeTables } from './tables.ts'

/** What Gatehouse's core and CLI read about remember me (no code runs here). */
export const REMEMBER_ME_MANIFEST = {
  name: 'remember_me',
  migrations: rememberMeMigrations,
  tables: ['persistent_sessions'],
  reads: ['users', 'accounts'],
  prune: [
    {
      noun: ['expired remember-me token', 'expired remember-me tokens'],
      prune: async (db, now) => Number((await db.deleteFrom('persistent_sessions').where('expires_at', '<=', now).executeTakeFirst()).numDeletedRows),
    },
  ],
} as const satisfies ExtensionManifest<RememberMeTables, object, RememberMeReads>
