/**
 * The name of the unique index a failed insert or update ran into, or null when the error is
 * anything else. Uniqueness is decided by the database (never check-then-insert), so this is how
 * "has already been taken" is recognised on both dialects.
 *
 * @example
 * uniqueViolation(error) // 'users_email_index'
 */
export function uniqueViolation(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null
  const { code, constraint, message } = error as { code?: unknown; constraint?: unknown; message?: unknown }
  if (code === '23505' && typeof constraint === 'string') return constraint
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string') {
    // better-sqlite3 names the columns, not the index: "UNIQUE constraint failed: users.email"
    const columns = message.replace(/^UNIQUE constraint failed: /, '').split(', ')
    const [first] = columns
    if (!first) return null
    const [table] = first.split('.')
    return `${table}_${columns.map((c) => c.split('.')[1]).join('_')}_index`
  }
  return null
}
