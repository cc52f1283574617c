/**
 * `@gatehouse-auth/gatehouse/testing`: checks an app's tenant isolation through its public behaviour only
 * (routes, HTML, cookies), from the app's own test suite, with any framework that has a
 * fetch-style handler.
 *
 * @example
 * import { checkTenantIsolation, formatIsolationReport } from '@gatehouse-auth/gatehouse/testing'
 * const report = await checkTenantIsolation({ fetch: (r) => app.request(r), routes: app.routes, seed })
 * assert.deepEqual(report.leaks, [], formatIsolationReport(report))
 */
export { checkTenantIsolation, IsolationSetupError } from './isolation.ts'
export type {
  CheckTenantIsolationOptions,
  IsolationAccount,
  IsolationLeak,
  IsolationLeakKind,
  IsolationReport,
  IsolationRouteReport,
  IsolationRoute,
  RequestTarget,
  SeededIds,
} from './isolation.ts'
export { formatIsolationReport } from './report.ts'
export { IsolationClient } from './client.ts'
export type { FetchHandler, IsolationSubmitOptions } from './client.ts'
