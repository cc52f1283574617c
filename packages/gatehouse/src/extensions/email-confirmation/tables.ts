import type { ExtensionApi, ExtensionDatabase } from '../api.ts'

/** The column email confirmation adds to `users`. */
export interface EmailConfirmationTables {
  users: {
    /** A new address waiting for its confirmation link to be used. */
    unconfirmed_email: string | null
  }
}

/** Gatehouse's tables email confirmation queries itself (its manifest's `reads`). */
export type EmailConfirmationReads = 'users' | 'user_tokens'

/** What email confirmation's queries see: the tables it reads, with its column on `users`. */
export type EmailConfirmationDatabase = ExtensionDatabase<EmailConfirmationTables, EmailConfirmationReads>

/** The kit as this extension receives it: its `db` sees its own tables. */
export type EmailConfirmationKit = ExtensionApi<EmailConfirmationTables, object, EmailConfirmationReads>
