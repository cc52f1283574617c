import { readFileSync, writeFileSync } from 'node:fs'
import type { BenchResults } from '../harness/results.ts'
import { renderChart } from './chart.ts'
import { renderDoc } from './doc.ts'
import type { Finding } from './findings.ts'
import { evaluateTargets } from './findings.ts'

const REPO_ROOT = new URL('../../../', import.meta.url).pathname
const CHART = 'performance-ratios.svg'

/**
 * Evaluates the targets and, when `writeDoc`, rewrites docs/performance.md and its chart.
 * Returns a plain-text summary for the console.
 *
 * @example
 * console.log(writeReport(results, { writeDoc: true }))
 */
export function writeReport(results: BenchResults, options: { writeDoc: boolean }): string {
  const findings = evaluateTargets(results)
  if (options.writeDoc) {
    writeFileSync(`${REPO_ROOT}docs/${CHART}`, renderChart(results, findings))
    writeFileSync(`${REPO_ROOT}docs/performance.md`, renderDoc(results, findings, CHART))
  }
  return summarize(findings)
}

function summarize(findings: readonly Finding[]): string {
  return findings
    .map((f) => {
      const verdict = f.met === null ? 'not measured' : f.met ? 'met' : 'MISSED'
      const bound = f.kind === 'zero' ? '0' : `${f.kind === 'at-least' ? '>=' : '<='} ${f.bound}`
      return `${verdict.padEnd(12)} ${f.scenario}. ${f.what}: ${Number.isFinite(f.value) ? f.value.toFixed(2) : '-'} (${bound})`
    })
    .join('\n')
}

// `npm run bench:report`: regenerate the doc from the committed results of the last full run.
if (import.meta.url === `file://${process.argv[1]}`) {
  const results = JSON.parse(readFileSync(`${REPO_ROOT}bench/results/latest.json`, 'utf8')) as BenchResults
  console.log(writeReport(results, { writeDoc: true }))
}
