import type { Role } from '../api.ts'

/** The roles an invitation can carry: nobody is invited straight into ownership. */
export type InvitableRole = Exclude<Role, 'owner'>

const RANK: Readonly<Record<Role, number>> = Object.freeze({ member: 0, admin: 1, owner: 2 })
const ROLES: readonly Role[] = ['owner', 'admin', 'member']

/**
 * Reads a submitted role the way it is stored: trimmed and lower-cased, so ` ADMIN ` is
 * `admin`. Anything that is not one of the three roles is null (never a new role).
 *
 * @example
 * canonicalRole(' ADMIN ') // 'admin'
 * canonicalRole('superuser') // null
 */
export function canonicalRole(raw: string): Role | null {
  const role = raw.trim().toLowerCase()
  return (ROLES as readonly string[]).includes(role) ? (role as Role) : null
}

/**
 * Whether someone holding `actor` may hand out `role`: never a role above their own.
 *
 * @example
 * mayGrant('admin', 'admin') // true
 * mayGrant('admin', 'owner') // false
 */
export function mayGrant(actor: Role, role: Role): boolean {
  return RANK[role] <= RANK[actor]
}

/** Owners and admins invite; members do not. */
export function mayInvite(actor: Role): boolean {
  return actor === 'owner' || actor === 'admin'
}

/** Only owners change roles. */
export function mayChangeRoles(actor: Role): boolean {
  return actor === 'owner'
}

/**
 * Owners remove anyone but themselves (and never the last owner); admins remove members only,
 * the people they could have invited.
 *
 * @example
 * mayRemove('admin', 'member') // true
 * mayRemove('admin', 'admin') // false
 */
export function mayRemove(actor: Role, target: Role): boolean {
  if (actor === 'owner') return true
  return actor === 'admin' && target === 'member'
}
