/**
 * Thrown once, at start-up, when Gatehouse is configured in a way that cannot work
 * (a missing secret in production, an unknown database URL, inconsistent timeouts).
 * Expected outcomes such as a wrong password are never thrown: they are returned as results.
 *
 * @example
 * try { await createGatehouse(config) } catch (e) { if (e instanceof GatehouseConfigError) process.exit(1) }
 */
export class GatehouseConfigError extends Error {
  override name = 'GatehouseConfigError'
}
