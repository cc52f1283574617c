import { createReadStream, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { openDatabase } from '../../db/database.ts'
import type { CliCommand, CliContext } from '../command.ts'
import { CliUsageError, EXIT_FAILED, EXIT_OK } from '../command.ts'
import { databaseUrlFrom } from '../environment.ts'
import { readCsvRecords } from '../import/csv-records.ts'
import { importBatch } from '../import/import-batch.ts'
import { createImportProgress } from '../import/import-progress.ts'
import type { ImportUser, SkippedRow } from '../import/import-row.ts'
import { parseImportRow } from '../import/import-row.ts'
import type { ImportSource } from '../import/import-sources.ts'
import { IMPORT_SOURCES, mapHeader } from '../import/import-sources.ts'
import { countOf, summarizeSkipped } from '../import/import-summary.ts'
import { formatDuration, migrationSets } from '../migrations/migration-sets.ts'
import { integerOption, parseOptions } from '../parse-options.ts'

const SHOWN_SKIPS = 10

export const usersImportCommand: CliCommand = {
  name: 'users:import',
  summary: 'Import users with their password hashes from Pow, Devise, phx.gen.auth or a CSV',
  help: `Usage: gatehouse users:import --from pow|devise|phx-gen-auth|csv <file.csv> [--batch-size <n>] [--verbose]

Imports users from a CSV file with a header row, keeping their password hashes: they sign in
with their old password, which is then rehashed to argon2id. Safe to re-run: an email that
already exists is skipped, never imported twice.

Columns (header names; the source's own name first, any of them works with any --from):
  email              required
  password hash      required: password_hash (Pow), encrypted_password (Devise),
                     hashed_password (phx.gen.auth). Pow or pbkdf2_elixir PBKDF2
                     ($pbkdf2-sha512$…), bcrypt ($2a$/$2b$/$2y$…) or argon2 ($argon2id$…)
  account_name       optional: users with the same name share that account (created if
                     needed; its first user is owner, the next ones members). Without it
                     each user gets an account of their own, named after the email.
  role               optional: owner, admin or member
  inserted_at        optional (or created_at): kept as the user's creation date
  confirmed_at       optional (or email_confirmed_at): the email counts as confirmed

Export from the old app's database, e.g. on PostgreSQL:
  Pow           \\copy (select email, password_hash, inserted_at from users) to 'users.csv' csv header
  phx.gen.auth  \\copy (select email, hashed_password, confirmed_at, inserted_at from users) to 'users.csv' csv header
  Devise        \\copy (select email, encrypted_password, confirmed_at, created_at from users) to 'users.csv' csv header

Rows are imported in batches, each in one transaction; skipped rows are reported with their
line and reason (all of them with --verbose). A progress bar is drawn on a terminal.

Options:
  --from <source>     pow, devise, phx-gen-auth or csv (required)
  --batch-size <n>    rows per transaction (default 500)
  --verbose           list every skipped row, not only the first ${SHOWN_SKIPS}

Environment:
  DATABASE_URL  sqlite:<path> (default sqlite:./data/dev.sqlite) or postgres://user@host:port/db`,
  async run(context) {
    const { values, positionals } = parseOptions(
      context.args,
      { from: { type: 'string' }, 'batch-size': { type: 'string' }, verbose: { type: 'boolean' } },
      { positionals: true },
    )
    const source = values.from as ImportSource | undefined
    if (!source || !IMPORT_SOURCES.includes(source)) throw new CliUsageError(`--from must be one of ${IMPORT_SOURCES.join(', ')}`)
    if (positionals.length !== 1 || !positionals[0]) throw new CliUsageError('name exactly one CSV file to import')
    const batchSize = integerOption('batch-size', values['batch-size'], 500, 1, 5000)
    const file = resolve(context.cwd, positionals[0])
    let size: number
    try {
      size = statSync(file).size
    } catch {
      context.out.error(`cannot read ${positionals[0]}: no such file`)
      return EXIT_FAILED
    }
    const database = openDatabase(databaseUrlFrom(context.env, context.cwd))
    try {
      const [gatehouseSet] = migrationSets(database.db, database.dialect, {})
      if (gatehouseSet && (await gatehouseSet.migrator.getMigrations()).some((m) => m.executedAt === undefined)) {
        context.out.error('the database has pending Gatehouse migrations: run gatehouse migrate first')
        return EXIT_FAILED
      }
      return await importFile(context, database.db, file, size, source, batchSize, values.verbose ?? false)
    } finally {
      await database.close()
    }
  },
}

async function importFile(
  context: CliContext,
  db: ReturnType<typeof openDatabase>['db'],
  file: string,
  size: number,
  source: ImportSource,
  batchSize: number,
  verbose: boolean,
): Promise<number> {
  const { out } = context
  const started = performance.now()
  const progress = createImportProgress(out, size)
  let bytesRead = 0
  let rows = 0
  let imported = 0
  let accountsCreated = 0
  const skipped: SkippedRow[] = []
  const firstLineOf = new Map<string, number>()
  let batch: ImportUser[] = []
  let columns: ReturnType<typeof mapHeader> | null = null

  const flush = async () => {
    if (batch.length === 0) return
    const outcome = await importBatch(db, batch, Date.now())
    imported += outcome.imported
    accountsCreated += outcome.accountsCreated
    skipped.push(...outcome.skipped)
    batch = []
    progress.update(bytesRead, rows)
  }

  try {
    for await (const record of readCsvRecords(createReadStream(file), (n) => void (bytesRead += n))) {
      if (!columns) {
        columns = mapHeader(record.fields, source)
        if (!columns.ok) {
          progress.finish()
          out.error(`cannot import ${file}: ${columns.message}`)
          return EXIT_FAILED
        }
        continue
      }
      if (!columns.ok) break
      rows += 1
      const row = parseImportRow(record, columns.columns)
      if (!row.ok) {
        skipped.push(row.skipped)
        continue
      }
      const first = firstLineOf.get(row.user.email)
      if (first !== undefined) {
        skipped.push({ line: record.line, email: row.user.email, reason: `duplicate email in the file` })
        continue
      }
      firstLineOf.set(row.user.email, record.line)
      batch.push(row.user)
      if (batch.length >= batchSize) await flush()
    }
    await flush()
  } catch (error) {
    progress.finish()
    out.error(`import stopped after ${countOf(imported, 'imported user')}: ${error instanceof Error ? error.message : String(error)}`)
    return EXIT_FAILED
  }
  progress.finish()
  if (!columns) {
    out.error(`cannot import ${file}: it is empty (a header row is required)`)
    return EXIT_FAILED
  }
  skipped.sort((a, b) => a.line - b.line)
  for (const row of verbose ? skipped : skipped.slice(0, SHOWN_SKIPS)) out.error(`skipped line ${row.line}${row.email ? ` (${row.email})` : ''}: ${row.reason}`)
  if (!verbose && skipped.length > SHOWN_SKIPS) out.error(`… and ${skipped.length - SHOWN_SKIPS} more skipped rows (--verbose lists them all)`)
  const took = formatDuration(performance.now() - started)
  out.log(
    `imported ${countOf(imported, 'user')} (${countOf(accountsCreated, 'new account')}) from ${countOf(rows, 'row')}, ` +
      `skipped ${skipped.length}${skipped.length > 0 ? ` (${summarizeSkipped(skipped)})` : ''} in ${took}`,
  )
  return EXIT_OK
}
