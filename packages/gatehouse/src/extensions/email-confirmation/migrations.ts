import { addColumnIfMissing, dropColumnIfPresent } from '../api.ts'
import type { DialectName, Kysely, Migration } from '../api.ts'

/**
 * The pending new address on `users`. Databases migrated by an older Gatehouse already have
 * it (from Gatehouse's frozen `0003_extension_tables`): then nothing is added.
 */
export function emailConfirmationMigrations(_dialect: DialectName): Record<string, Migration> {
  return {
    '0001_unconfirmed_email': {
      async up(db: Kysely<unknown>) {
        await addColumnIfMissing(db, 'users', 'unconfirmed_email', 'text')
      },
      async down(db: Kysely<unknown>) {
        await dropColumnIfPresent(db, 'users', 'unconfirmed_email')
      },
    },
  }
}
