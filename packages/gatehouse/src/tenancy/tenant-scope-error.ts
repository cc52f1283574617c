/**
 * Thrown when a query touches a tenant-owned table outside a tenant scope, or tries to do
 * something a scope cannot make safe (move a row to another account, INSERT … SELECT).
 * It is a programming error, so it is thrown, never returned.
 */
export class TenantScopeError extends Error {
  override name = 'TenantScopeError'
}
