import type { AuditOrigin, Refused, Session, Succeeded, User } from '../api.ts'
import { otherSessionsEndedMail } from './mails.ts'
import type { SecurityPageMessages } from './messages.ts'
import { forgetSessionDetails, sessionHandle } from './session-list.ts'
import type { SecurityPageKit } from './tables.ts'
import { deviceLabel } from './user-agent.ts'

export type EndSessionResult = Succeeded<{ device: string }> | Refused<'not_found'>

/**
 * Ends one of the user's other sessions, named by its handle: at once on every node (the
 * store is looked up on every request). The current session, another user's or an unknown
 * handle is `not_found`. Emits `session.ended`.
 *
 * @example
 * const result = await endOtherSession(kit, user, current.id, (req.params.id ?? ''), messages, kit.auditOrigin(req))
 */
export async function endOtherSession(kit: SecurityPageKit, user: User, currentId: string, handle: string, messages: SecurityPageMessages, origin: AuditOrigin): Promise<EndSessionResult> {
  const target = (await kit.sessions.list(user.id)).find((session) => session.id !== currentId && sessionHandle(session.id) === handle)
  if (!target) return { ok: false, reason: 'not_found' }
  const note = await kit.db.selectFrom('security_session_details').select('user_agent').where('session_id', '=', target.id).executeTakeFirst()
  if (!(await kit.sessions.revoke(user.id, target.id))) return { ok: false, reason: 'not_found' }
  await forgetSessionDetails(kit.db, [target.id])
  const device = deviceLabel(note?.user_agent ?? null, messages.unknownDevice)
  await kit.events.emit('session.ended', { userId: user.id, accountId: user.accountId, device }, origin)
  return { ok: true, device }
}

/**
 * Ends every session of the user but the current one, mails them that it happened and emits
 * `other_sessions.ended` with how many there were (zero ends nothing and sends nothing).
 *
 * @example
 * const count = await endOtherSessions(kit, user, current.id, messages, kit.auditOrigin(req))
 */
export async function endOtherSessions(kit: SecurityPageKit, user: User, currentId: string, messages: SecurityPageMessages, origin: AuditOrigin): Promise<number> {
  const others = (await kit.sessions.list(user.id)).filter((session: Session) => session.id !== currentId)
  await kit.sessions.revokeOthers(user.id, currentId)
  if (others.length === 0) return 0
  await kit.mail.inTransaction(async (trx, enqueue) => {
    await forgetSessionDetails(trx, others.map((session) => session.id))
    await enqueue(await otherSessionsEndedMail(user.email, others.length, kit.mail.link('/security'), messages))
  })
  await kit.events.emit('other_sessions.ended', { userId: user.id, accountId: user.accountId, count: others.length }, origin)
  return others.length
}
