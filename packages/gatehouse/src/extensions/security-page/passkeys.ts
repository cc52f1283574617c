import { checkLength, FieldErrorsBuilder, inputString } from '../api.ts'
import type { AuditOrigin, FieldErrors, FieldsRefused, Refused, Succeeded, User } from '../api.ts'
import type { SecurityPageKit } from './tables.ts'
import { checkCurrentPassword } from './two-factor.ts'
import type { Notice } from './two-factor.ts'

/** A passkey as the security page lists it. */
export interface ListedPasskey {
  readonly id: number
  readonly name: string
  readonly createdAt: number
  readonly lastUsedAt: number | null
}

export type PasskeyFields = 'name' | 'response' | 'current_password'
export type PasskeyChangeResult = Succeeded<{ name: string }> | FieldsRefused<PasskeyFields> | Refused<'not_found'>

export const PASSKEY_NAME_MAX = 64

/** The user's passkeys, oldest first. */
export async function listPasskeys(kit: SecurityPageKit, userId: number): Promise<ListedPasskey[]> {
  const rows = await kit.db.selectFrom('security_passkeys').select(['id', 'name', 'created_at', 'last_used_at']).where('user_id', '=', userId).orderBy('id').execute()
  return rows.map((row) => ({ id: Number(row.id), name: row.name, createdAt: Number(row.created_at), lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at) }))
}

/** A passkey's name, trimmed: 1 to 64 characters. */
export function checkPasskeyName(input: unknown, errors: FieldErrorsBuilder<PasskeyFields>): string {
  const name = inputString(input).trim()
  if (name === '') errors.add('name', { code: 'blank' })
  else checkLength(errors, 'name', name, 1, PASSKEY_NAME_MAX)
  return name
}

/**
 * Checks what adding a passkey needs before the browser is asked to create one: a name and
 * the current password. Errors per field, or null.
 */
export async function checkNewPasskey(kit: SecurityPageKit, user: User, fields: { name?: unknown; current_password?: unknown }): Promise<{ name: string; errors: FieldErrors<PasskeyFields> | null }> {
  const errors = new FieldErrorsBuilder<PasskeyFields>()
  const name = checkPasskeyName(fields.name, errors)
  const passwordErrors = await checkCurrentPassword(kit, user, fields.current_password)
  for (const e of passwordErrors?.current_password ?? []) errors.add('current_password', e)
  return { name, errors: errors.has() ? errors.errors : null }
}

/**
 * Renames one of the user's passkeys (another user's id is `not_found`, as a missing one)
 * and emits `passkey.renamed`.
 *
 * @example
 * const result = await renamePasskey(kit, user, 3, { name: 'Work laptop' }, kit.auditOrigin(req))
 */
export async function renamePasskey(kit: SecurityPageKit, user: User, id: number, fields: { name?: unknown }, origin: AuditOrigin): Promise<PasskeyChangeResult> {
  const errors = new FieldErrorsBuilder<PasskeyFields>()
  const name = checkPasskeyName(fields.name, errors)
  if (errors.has()) return (await ownPasskey(kit, user, id)) ? { ok: false, errors: errors.errors } : { ok: false, reason: 'not_found' }
  const updated = await kit.db.updateTable('security_passkeys').set({ name }).where('id', '=', id).where('user_id', '=', user.id).executeTakeFirst()
  if (Number(updated.numUpdatedRows) !== 1) return { ok: false, reason: 'not_found' }
  await kit.events.emit('passkey.renamed', { userId: user.id, accountId: user.accountId, name }, origin)
  return { ok: true, name }
}

/**
 * Removes one of the user's passkeys with the current password, mails the person (in the same
 * transaction) and emits `passkey.removed`.
 *
 * @example
 * const result = await removePasskey(kit, user, 3, { current_password }, notice, kit.auditOrigin(req))
 */
export async function removePasskey(kit: SecurityPageKit, user: User, id: number, fields: { current_password?: unknown }, notice: (name: string) => Notice, origin: AuditOrigin): Promise<PasskeyChangeResult> {
  const passkey = await ownPasskey(kit, user, id)
  if (!passkey) return { ok: false, reason: 'not_found' }
  const errors = await checkCurrentPassword(kit, user, fields.current_password)
  if (errors) return { ok: false, errors }
  const removed = await kit.mail.inTransaction(async (trx, enqueue) => {
    const deleted = await trx.deleteFrom('security_passkeys').where('id', '=', id).where('user_id', '=', user.id).executeTakeFirst()
    if (Number(deleted.numDeletedRows) !== 1) return false
    await notice(passkey.name)(trx, enqueue)
    return true
  })
  if (!removed) return { ok: false, reason: 'not_found' }
  await kit.events.emit('passkey.removed', { userId: user.id, accountId: user.accountId, name: passkey.name }, origin)
  return { ok: true, name: passkey.name }
}

async function ownPasskey(kit: SecurityPageKit, user: User, id: number): Promise<{ name: string } | undefined> {
  return kit.db.selectFrom('security_passkeys').select('name').where('id', '=', id).where('user_id', '=', user.id).executeTakeFirst()
}
