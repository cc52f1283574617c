import type { ExtensionApi, GatehouseTables } from '../api.ts'

/** The column email confirmation adds to `users`. */
export interface EmailConfirmationTables {
  users: {
    /** A new address waiting for its confirmation link to be used. */
    unconfirmed_email: string | null
  }
}

/** What email confirmation's queries see: Gatehouse's tables with its column on `users`. */
export type EmailConfirmationDatabase = GatehouseTables & EmailConfirmationTables

/** The kit as this extension receives it: its `db` sees its own tables. */
export type EmailConfirmationKit = ExtensionApi<EmailConfirmationTables>
