import type { Kysely, Transaction } from 'kysely'
import { uniqueViolation } from '../../db/constraint-errors.ts'
import type { GatehouseTables, Role } from '../../db/schema.ts'
import type { ImportUser, SkippedRow } from './import-row.ts'

/** What one batch did. */
export interface BatchOutcome {
  readonly imported: number
  readonly accountsCreated: number
  readonly skipped: readonly SkippedRow[]
}

export const EMAIL_TAKEN = 'email already exists'
export const ACCOUNT_NAME_TAKEN = 'account name already taken (give it an account_name column)'

/**
 * Imports a batch of users (distinct emails) in one transaction: users whose email already
 * exists are skipped, so a re-run imports nothing twice. A row naming its account joins the
 * account of that name (creating it if needed; its first user becomes `owner`, later ones
 * `member`, unless the row has a role); a row without one gets an account of its own named
 * after the email. If a concurrent sign-up takes an email or name mid-batch, the unique
 * indexes refuse it, the batch is rolled back and retried row by row, so each row gets its
 * own verdict.
 *
 * @example
 * const outcome = await importBatch(db, users, Date.now())
 */
export async function importBatch(db: Kysely<GatehouseTables>, users: readonly ImportUser[], now: number): Promise<BatchOutcome> {
  try {
    return await db.transaction().execute((trx) => insertBatch(trx, users, now))
  } catch (error) {
    const index = uniqueViolation(error)
    if (!index) throw error
    if (users.length === 1 && users[0]) {
      const [user] = users
      return { imported: 0, accountsCreated: 0, skipped: [{ line: user.line, email: user.email, reason: index === 'users_email_index' ? EMAIL_TAKEN : ACCOUNT_NAME_TAKEN }] }
    }
    const outcomes = []
    for (const user of users) outcomes.push(await importBatch(db, [user], now))
    return {
      imported: outcomes.reduce((sum, o) => sum + o.imported, 0),
      accountsCreated: outcomes.reduce((sum, o) => sum + o.accountsCreated, 0),
      skipped: outcomes.flatMap((o) => o.skipped),
    }
  }
}

async function insertBatch(trx: Transaction<GatehouseTables>, users: readonly ImportUser[], now: number): Promise<BatchOutcome> {
  const skipped: SkippedRow[] = []
  const skip = (user: ImportUser, reason: string) => skipped.push({ line: user.line, email: user.email, reason })
  const taken = new Set((await trx.selectFrom('users').select('email').where('email', 'in', users.map((u) => u.email)).execute()).map((r) => r.email))
  const names = [...new Set(users.map((u) => u.normalizedAccountName))]
  const accounts = new Map((await trx.selectFrom('accounts').select(['id', 'normalized_name']).where('normalized_name', 'in', names).execute()).map((a) => [a.normalized_name, Number(a.id)]))

  const toCreate = new Map<string, string>()
  const accepted: ImportUser[] = []
  for (const user of users) {
    if (taken.has(user.email)) skip(user, EMAIL_TAKEN)
    // An account of one's own must be new: never slip an imported user into a stranger's account.
    else if (!user.sharedAccount && (accounts.has(user.normalizedAccountName) || toCreate.has(user.normalizedAccountName))) skip(user, ACCOUNT_NAME_TAKEN)
    else {
      if (!accounts.has(user.normalizedAccountName) && !toCreate.has(user.normalizedAccountName)) toCreate.set(user.normalizedAccountName, user.accountName)
      accepted.push(user)
    }
  }
  if (accepted.length === 0) return { imported: 0, accountsCreated: 0, skipped }

  if (toCreate.size > 0) {
    const created = await trx
      .insertInto('accounts')
      .values([...toCreate].map(([normalized, name]) => ({ name, normalized_name: normalized, inserted_at: now, updated_at: now })))
      .returning(['id', 'normalized_name'])
      .execute()
    for (const account of created) accounts.set(account.normalized_name, Number(account.id))
  }
  const owned = new Set<string>()
  await trx
    .insertInto('users')
    .values(
      accepted.map((user) => {
        const role: Role = user.role ?? (toCreate.has(user.normalizedAccountName) && !owned.has(user.normalizedAccountName) ? 'owner' : 'member')
        owned.add(user.normalizedAccountName)
        return {
          account_id: accounts.get(user.normalizedAccountName) as number,
          email: user.email,
          password_hash: user.passwordHash,
          role,
          inserted_at: user.insertedAt ?? now,
          updated_at: now,
          email_confirmed_at: user.confirmedAt,
        }
      }),
    )
    .execute()
  return { imported: accepted.length, accountsCreated: toCreate.size, skipped }
}
