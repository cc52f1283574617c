/** Where the users come from: decides which column names are looked for first. */
export type ImportSource = 'pow' | 'devise' | 'phx-gen-auth' | 'csv'

export const IMPORT_SOURCES: readonly ImportSource[] = ['pow', 'devise', 'phx-gen-auth', 'csv']

/** The columns the importer reads; only `email` and `passwordHash` are required. */
export type ImportColumn = 'email' | 'passwordHash' | 'accountName' | 'role' | 'insertedAt' | 'confirmedAt'

/**
 * Header names per column, in order of preference. Each app's own export comes first (Pow's
 * `password_hash`, Devise's `encrypted_password`, phx.gen.auth's `hashed_password`), but every
 * source accepts every name, so a hand-made CSV works with any `--from`.
 */
const COLUMN_NAMES: Record<ImportSource, Record<ImportColumn, readonly string[]>> = {
  pow: {
    email: ['email'],
    passwordHash: ['password_hash', 'hashed_password', 'encrypted_password'],
    accountName: ['account_name', 'account'],
    role: ['role'],
    insertedAt: ['inserted_at', 'created_at'],
    confirmedAt: ['email_confirmed_at', 'confirmed_at'],
  },
  devise: {
    email: ['email'],
    passwordHash: ['encrypted_password', 'password_hash', 'hashed_password'],
    accountName: ['account_name', 'account'],
    role: ['role'],
    insertedAt: ['created_at', 'inserted_at'],
    confirmedAt: ['confirmed_at', 'email_confirmed_at'],
  },
  'phx-gen-auth': {
    email: ['email'],
    passwordHash: ['hashed_password', 'password_hash', 'encrypted_password'],
    accountName: ['account_name', 'account'],
    role: ['role'],
    insertedAt: ['inserted_at', 'created_at'],
    confirmedAt: ['confirmed_at', 'email_confirmed_at'],
  },
  csv: {
    email: ['email'],
    passwordHash: ['password_hash', 'hashed_password', 'encrypted_password'],
    accountName: ['account_name', 'account'],
    role: ['role'],
    insertedAt: ['inserted_at', 'created_at'],
    confirmedAt: ['confirmed_at', 'email_confirmed_at'],
  },
}

/** Which field of each record holds each column (absent: the file has no such column). */
export type ColumnIndexes = { readonly [C in ImportColumn]?: number }

/** The columns found in a header row, or which required column is missing. */
export type HeaderResult = { readonly ok: true; readonly columns: ColumnIndexes } | { readonly ok: false; readonly message: string }

/**
 * Maps a header row to columns for a source (names compared trimmed and lower-cased).
 *
 * @example
 * mapHeader(['email', 'encrypted_password', 'created_at'], 'devise')
 * // { ok: true, columns: { email: 0, passwordHash: 1, insertedAt: 2 } }
 */
export function mapHeader(header: readonly string[], source: ImportSource): HeaderResult {
  const names = header.map((name) => name.trim().toLowerCase())
  const columns: Partial<Record<ImportColumn, number>> = {}
  for (const [column, candidates] of Object.entries(COLUMN_NAMES[source]) as [ImportColumn, readonly string[]][]) {
    const index = candidates.map((name) => names.indexOf(name)).find((i) => i >= 0)
    if (index !== undefined) columns[column] = index
  }
  const missing = (['email', 'passwordHash'] as const).filter((column) => columns[column] === undefined)
  if (missing.length > 0) {
    const wanted = missing.map((column) => COLUMN_NAMES[source][column][0]).join(' and ')
    return { ok: false, message: `the header row has no ${wanted} column (found: ${names.join(', ') || 'nothing'})` }
  }
  return { ok: true, columns }
}
