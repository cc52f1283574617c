import type { Role } from '../../db/schema.ts'
import { ACCOUNT_NAME_MAX_LENGTH, checkAccountName, normalizeAccountName } from '../../accounts/account-name.ts'
import { FieldErrorsBuilder } from '../../validation/field-errors.ts'
import { passwordHashFormat } from '../../passwords/index.ts'
import { isValidEmail, normalizeEmail } from '../../users/email.ts'
import type { CsvRecord } from './csv-records.ts'
import type { ColumnIndexes, ImportColumn } from './import-sources.ts'

const ROLES: readonly Role[] = ['owner', 'admin', 'member']

/** A row that can be imported: normalised, with its hash's format already recognised. */
export interface ImportUser {
  readonly line: number
  readonly email: string
  readonly passwordHash: string
  /** The account to join or create: the `account_name` column, else the email itself. */
  readonly accountName: string
  readonly normalizedAccountName: string
  /** True when the row names its account (users with the same name share one account). */
  readonly sharedAccount: boolean
  readonly role: Role | null
  readonly insertedAt: number | null
  readonly confirmedAt: number | null
}

/** Why a row was skipped; the summary counts rows per reason. */
export interface SkippedRow {
  readonly line: number
  readonly email: string
  readonly reason: string
}

/**
 * Checks one CSV record: a valid email, a password hash Gatehouse can verify (Pow or
 * pbkdf2_elixir PBKDF2, bcrypt, argon2), a valid role and account name when given, and dates
 * it can read. Returns the user to import or the reason to skip it.
 *
 * @example
 * parseImportRow({ line: 2, fields: ['Ada@Example.com', '$2b$12$…'] }, { email: 0, passwordHash: 1 })
 */
export function parseImportRow(record: CsvRecord, columns: ColumnIndexes): { ok: true; user: ImportUser } | { ok: false; skipped: SkippedRow } {
  const value = (column: ImportColumn) => (columns[column] === undefined ? '' : (record.fields[columns[column]] ?? '').trim())
  const email = normalizeEmail(value('email'))
  const skip = (reason: string) => ({ ok: false as const, skipped: { line: record.line, email, reason } })
  if (email === '') return skip('no email')
  if (!isValidEmail(email)) return skip('invalid email')
  const passwordHash = value('passwordHash')
  if (passwordHash === '') return skip('no password hash')
  if (!passwordHashFormat(passwordHash)) return skip('unsupported password hash format')
  const named = value('accountName').replace(/\s+/gu, ' ')
  const accountName = named === '' ? email.slice(0, ACCOUNT_NAME_MAX_LENGTH) : named
  const nameErrors = new FieldErrorsBuilder<'account_name'>()
  checkAccountName(nameErrors, accountName)
  if (nameErrors.has()) return skip('invalid account name')
  const roleText = value('role').toLowerCase()
  if (roleText !== '' && !ROLES.includes(roleText as Role)) return skip(`invalid role (owner, admin or member)`)
  const insertedAt = parseTimestamp(value('insertedAt'))
  const confirmedAt = parseTimestamp(value('confirmedAt'))
  if (insertedAt === undefined || confirmedAt === undefined) return skip('unreadable date')
  return {
    ok: true,
    user: {
      line: record.line,
      email,
      passwordHash,
      accountName,
      normalizedAccountName: normalizeAccountName(accountName),
      sharedAccount: named !== '',
      role: roleText === '' ? null : (roleText as Role),
      insertedAt,
      confirmedAt,
    },
  }
}

/**
 * Epoch milliseconds from what databases export: ISO 8601 (`2024-05-01T10:00:00Z`), SQL
 * timestamps without a zone (`2024-05-01 10:00:00.123456`, read as UTC, as Ecto stores them),
 * or epoch seconds/milliseconds. Empty is null; unreadable is undefined.
 */
export function parseTimestamp(text: string): number | null | undefined {
  if (text === '' || text.toLowerCase() === 'null' || text === '\\N') return null
  if (/^\d{9,10}$/.test(text)) return Number(text) * 1000
  if (/^\d{12,13}$/.test(text)) return Number(text)
  const sql = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?$/.exec(text)
  const iso = sql ? `${sql[1]}T${sql[2]}${(sql[3] ?? '').slice(0, 4)}Z` : text
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? undefined : ms
}
