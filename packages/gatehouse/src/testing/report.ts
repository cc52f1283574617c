import type { IsolationReport } from './isolation.ts'

/**
 * The report as a few lines of text: the totals, one line per route, then each leak.
 *
 * @example
 * console.log(formatIsolationReport(report))
 * // Tenant isolation: 95 cross-account requests over 9 routes, 0 leaks
 * //   (18 with B's ids, 9 with missing ids, 54 with malformed ids, 11 on A's own ids, 3 without ids)
 * //   ok    GET /secrets/:id (9 requests)
 */
export function formatIsolationReport(report: IsolationReport): string {
  const b = report.breakdown
  const lines = [
    `Tenant isolation: ${report.requests} cross-account requests over ${report.routes.filter((r) => !r.skipped).length} routes, ${report.leaks.length} leaks`,
    `  (${b['b-id']} with B's ids, ${b['missing-id']} with missing ids, ${b['malformed-id']} with malformed ids, ${b['own-id']} on A's own ids, ${b['no-id']} without ids)`,
  ]
  for (const route of report.routes) {
    const status = route.skipped ? 'SKIP ' : route.leaks > 0 ? 'LEAK ' : 'ok   '
    lines.push(`  ${status} ${route.method} ${route.path} (${route.skipped ? route.skipped : `${route.requests} requests${route.leaks > 0 ? `, ${route.leaks} leaks` : ''}`})`)
  }
  for (const leak of report.leaks) lines.push(`  - [${leak.kind}] ${leak.route}: ${leak.request}: ${leak.reason}`)
  return lines.join('\n')
}
