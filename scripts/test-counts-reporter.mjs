// A node:test reporter that counts passed, failed and skipped tests per file and per database
// (the `sqlite` / `postgres` suites of forEachDialect). Used for the numbers in closing notes:
//   node scripts/test.mjs --counts   (writes test-counts.json and prints a table)
import { relative } from 'node:path'

export default async function* testCounts(source) {
  const counts = {}
  const stack = []
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail' && event.type !== 'test:start') continue
    const { name, nesting, file } = event.data
    if (event.type === 'test:start') {
      stack.length = nesting
      stack.push(name)
      continue
    }
    if (event.data.details?.type === 'suite') continue
    const dialect = stack.slice(0, nesting).find((n) => n === 'sqlite' || n === 'postgres') ?? 'none'
    const key = relative(process.cwd(), file ?? 'unknown')
    const row = (counts[key] ??= { sqlite: 0, postgres: 0, none: 0, failed: 0, skipped: 0 })
    if (event.type === 'test:fail') row.failed++
    else if (event.data.skip !== undefined || event.data.todo !== undefined) row.skipped++
    else row[dialect]++
  }
  yield JSON.stringify(counts, null, 2)
}
