import type { BenchResults } from '../harness/results.ts'
import { median, sameRoundRatios } from '../harness/stats.ts'
import type { Finding } from './findings.ts'

const WIDTH = 820
const LABEL_WIDTH = 300
const BAR_WIDTH = 300
const ROW = 26
const GREEN = '#15803d'
const RED = '#b91c1c'
const GREY = '#64748b'
const INDIGO = '#4338ca'

const SHORT_LABELS: Record<string, string> = {
  handwritten: 'hand-written check',
  'gatehouse-sqlite': 'Gatehouse, SQLite',
  'gatehouse-postgres': 'Gatehouse, PostgreSQL',
  'gatehouse-redis': 'Gatehouse, Redis sessions',
  'better-auth': 'better-auth, SQLite',
  'better-auth-cache': 'better-auth, cookie cache',
  express: 'express-session + passport',
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function text(x: number, y: number, content: string, options: { anchor?: 'start' | 'end' | 'middle'; size?: number; weight?: string; fill?: string } = {}): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${options.size ?? 12}" text-anchor="${options.anchor ?? 'start'}"${options.weight ? ` font-weight="${options.weight}"` : ''} fill="${options.fill ?? '#0f172a'}">${escapeXml(content)}</text>`
}

/** Panel A: each contender's authenticated-page throughput as a fraction of the bare page's, same round. */
function throughputPanel(results: BenchResults, top: number): { svg: string[]; height: number } {
  const page = results.page
  const svg: string[] = []
  if (!page) return { svg, height: 0 }
  const bare = page.series.find((s) => s.id === 'bare')
  const rows = page.series.filter((s) => s.id !== 'bare')
  svg.push(text(16, top + 16, 'Scenario 1: authenticated page throughput relative to the bare Hono page (1.0 = ceiling)', { size: 14, weight: 'bold' }))
  const axisTop = top + 30
  const x = (v: number) => LABEL_WIDTH + Math.min(v, 1) * BAR_WIDTH
  rows.forEach((series, i) => {
    const value = bare ? median(sameRoundRatios(series.rounds.map((r) => r.perSecond), bare.rounds.map((r) => r.perSecond))) : Number.NaN
    const y = axisTop + i * ROW
    const color = series.id.startsWith('gatehouse') ? INDIGO : GREY
    svg.push(text(LABEL_WIDTH - 8, y + 15, SHORT_LABELS[series.id] ?? series.label, { anchor: 'end' }))
    svg.push(`<rect x="${LABEL_WIDTH}" y="${y + 4}" width="${(x(value) - LABEL_WIDTH).toFixed(1)}" height="${ROW - 10}" fill="${color}"/>`)
    svg.push(text(x(value) + 6, y + 15, `${value.toFixed(2)}×`))
  })
  const bottom = axisTop + rows.length * ROW
  svg.push(`<line x1="${x(0.6)}" y1="${axisTop}" x2="${x(0.6)}" y2="${bottom}" stroke="${RED}" stroke-dasharray="4 3"/>`)
  svg.push(text(x(0.6), bottom + 14, 'target for Gatehouse on SQLite: 0.6×', { anchor: 'middle', size: 11, fill: RED }))
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    svg.push(`<line x1="${x(tick)}" y1="${bottom}" x2="${x(tick)}" y2="${bottom + 4}" stroke="${GREY}"/>`)
  }
  svg.push(`<line x1="${LABEL_WIDTH}" y1="${bottom}" x2="${LABEL_WIDTH + BAR_WIDTH}" y2="${bottom}" stroke="${GREY}"/>`)
  svg.push(text(x(0), bottom + 28, '0', { anchor: 'middle', size: 11, fill: GREY }))
  svg.push(text(x(1), bottom + 28, '1.0', { anchor: 'middle', size: 11, fill: GREY }))
  return { svg, height: bottom + 40 - top }
}

/** Panel B: every ratio target as measured / required (log scale; right of the line = met). */
function targetsPanel(findings: readonly Finding[], top: number): { svg: string[]; height: number } {
  const svg: string[] = []
  const rows = findings.filter((f) => f.kind !== 'zero' && Number.isFinite(f.value))
  svg.push(text(16, top + 16, 'Targets: measured ÷ required (log scale; at or right of the line = met)', { size: 14, weight: 'bold' }))
  const axisTop = top + 30
  const min = 0.1
  const max = 10
  const x = (v: number) => LABEL_WIDTH + ((Math.log10(Math.min(max, Math.max(min, v))) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))) * BAR_WIDTH
  rows.forEach((f, i) => {
    const score = f.kind === 'at-least' ? f.value / f.bound : f.bound / f.value
    const y = axisTop + i * ROW
    const color = f.met ? GREEN : RED
    svg.push(text(LABEL_WIDTH - 8, y + 15, `${f.scenario}. ${f.short}`, { anchor: 'end' }))
    const from = x(1)
    const to = x(score)
    svg.push(`<rect x="${Math.min(from, to).toFixed(1)}" y="${y + 4}" width="${Math.abs(to - from).toFixed(1)}" height="${ROW - 10}" fill="${color}"/>`)
    const sign = f.kind === 'at-least' ? '≥' : '≤'
    svg.push(text(Math.max(from, to) + 6, y + 15, `${f.value.toFixed(2)}× (target ${sign} ${f.bound}×)`, { size: 11, fill: color }))
  })
  const bottom = axisTop + rows.length * ROW
  svg.push(`<line x1="${x(1)}" y1="${axisTop - 4}" x2="${x(1)}" y2="${bottom}" stroke="#0f172a"/>`)
  svg.push(`<line x1="${LABEL_WIDTH}" y1="${bottom}" x2="${LABEL_WIDTH + BAR_WIDTH}" y2="${bottom}" stroke="${GREY}"/>`)
  for (const tick of [0.1, 0.5, 1, 2, 10]) {
    svg.push(`<line x1="${x(tick)}" y1="${bottom}" x2="${x(tick)}" y2="${bottom + 4}" stroke="${GREY}"/>`)
    svg.push(text(x(tick), bottom + 16, `${tick}`, { anchor: 'middle', size: 11, fill: GREY }))
  }
  return { svg, height: bottom + 30 - top }
}

/**
 * The chart of docs/performance.md, drawn from a run's own results: scenario 1's throughput
 * ratios and every target's measured-to-required ratio.
 *
 * @example
 * writeFileSync('docs/performance-ratios.svg', renderChart(results, evaluateTargets(results)))
 */
export function renderChart(results: BenchResults, findings: readonly Finding[]): string {
  const a = throughputPanel(results, 10)
  const b = targetsPanel(findings, 10 + a.height + 10)
  const height = 10 + a.height + 10 + b.height + 24
  const caption = `Measured ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC, ${results.profile} run, medians of same-round ratios over ${results.page?.series[0]?.rounds.length ?? '?'} rounds`
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...a.svg,
    ...b.svg,
    text(16, height - 10, caption, { size: 11, fill: GREY }),
    '</svg>',
    '',
  ].join('\n')
}
