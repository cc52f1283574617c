import type { GatehouseRequest, User } from '../api.ts'
import type { SecurityPageKit } from './tables.ts'

/**
 * Counts a current-password check on this page in the shared password back-off (the same
 * `password.check` budget as sign-in), so the page's forms cannot be used to guess a password;
 * answers the 429 when over it. A blank password is not a check and is not counted.
 *
 * @example
 * const limited = await limitCurrentPasswordCheck(kit, req, user, fields)
 * if (limited) return limited
 */
export function limitCurrentPasswordCheck(kit: SecurityPageKit, req: GatehouseRequest, user: User, fields: Record<string, string>): Promise<Response | null> {
  return typeof fields.current_password === 'string' && fields.current_password !== '' ? kit.rateLimit(req, 'password.check', { email: user.email }) : Promise.resolve(null)
}
