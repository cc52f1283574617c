import type { Migration } from 'kysely'

/**
 * `0003_extension_tables` as new installs run it: nothing. Databases migrated before extensions
 * carried their own tables already ran the frozen version (`0003-extension-tables.ts`); each
 * extension's first migration recognises what it created and skips it. The name stays in the
 * list because Kysely refuses a database whose applied migrations it cannot find.
 */
export const retiredExtensionTables: Migration = {
  async up() {},
  async down() {},
}
