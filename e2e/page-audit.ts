import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { artifactsDir } from './support.ts'

/** The widths every page is checked at: a small phone and a desktop. */
export const AUDIT_WIDTHS = [360, 1280] as const
/** axe-core impacts that fail a page. */
const FAILING_IMPACTS = new Set(['serious', 'critical'])

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
export const pagesArtifactsDir = join(artifactsDir, 'pages')

export interface AxeViolation {
  readonly id: string
  readonly impact: string | null
  readonly help: string
  readonly targets: readonly string[]
}

/** What one page showed at one width. */
export interface WidthAudit {
  readonly width: number
  /** How many CSS pixels the document is wider than the viewport (0 when it fits). */
  readonly overflowPx: number
  /** The elements sticking out on the right, for the failure message. */
  readonly overflowing: readonly string[]
  readonly violations: readonly AxeViolation[]
}

export interface PageAudit {
  readonly name: string
  readonly path: string
  readonly status: number | null
  readonly widths: readonly WidthAudit[]
}

/**
 * Checks the page as it is now at each audit width: horizontal overflow of the document and
 * axe-core's violations (the script is evaluated into the page, so the page's own CSP, which
 * forbids every script, stays on), and saves a full-page screenshot per width.
 */
export async function auditPage(page: Page, name: string, index: number, status: number | null): Promise<PageAudit> {
  const widths: WidthAudit[] = []
  const url = new URL(page.url())
  for (const width of AUDIT_WIDTHS) {
    await page.setViewportSize({ width, height: 800 })
    const overflow = await page.evaluate(measureOverflow)
    if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
    const violations = await page.evaluate(runAxe)
    const dir = join(pagesArtifactsDir, String(width))
    mkdirSync(dir, { recursive: true })
    await page.screenshot({ path: join(dir, `${String(index).padStart(2, '0')}-${name}.png`), fullPage: true })
    widths.push({ width, ...overflow, violations })
  }
  return { name, path: url.pathname + url.search, status, widths }
}

/** The violations that fail a page: serious and critical ones. */
export function failingViolations(audit: WidthAudit): AxeViolation[] {
  return audit.violations.filter((v) => v.impact !== null && FAILING_IMPACTS.has(v.impact))
}

/** A readable account of what is wrong with one page, or null when nothing is. */
export function describeProblems(audit: PageAudit): string | null {
  const lines: string[] = []
  for (const width of audit.widths) {
    if (width.overflowPx > 0) lines.push(`${width.width}px: ${width.overflowPx}px wider than the viewport (${width.overflowing.join(', ')})`)
    for (const v of failingViolations(width)) lines.push(`${width.width}px: axe ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(' | ')}`)
  }
  return lines.length === 0 ? null : `${audit.name} (${audit.path}):\n  ${lines.join('\n  ')}`
}

/** Writes every page's results to artifacts/pages/summary.json and returns the totals printed by the suite. */
export function writeSummary(audits: readonly PageAudit[]): string {
  const byImpact: Record<string, number> = { critical: 0, serious: 0, moderate: 0, minor: 0 }
  const ids = new Map<string, number>()
  for (const audit of audits)
    for (const width of audit.widths)
      for (const v of width.violations) {
        byImpact[v.impact ?? 'minor'] = (byImpact[v.impact ?? 'minor'] ?? 0) + 1
        ids.set(`${v.impact} ${v.id}`, (ids.get(`${v.impact} ${v.id}`) ?? 0) + 1)
      }
  const perWidth = AUDIT_WIDTHS.map((w) => `${audits.filter((a) => a.widths.some((x) => x.width === w)).length} pages at ${w}px`).join(', ')
  const overflowing = audits.filter((a) => a.widths.some((w) => w.overflowPx > 0)).length
  mkdirSync(pagesArtifactsDir, { recursive: true })
  writeFileSync(join(pagesArtifactsDir, 'summary.json'), `${JSON.stringify({ perWidth, byImpact, violations: Object.fromEntries(ids), audits }, null, 2)}\n`)
  const listed = [...ids].map(([id, n]) => `${id} ×${n}`).join(', ') || 'none'
  return `audited ${perWidth}; pages wider than the viewport: ${overflowing}; axe-core violations: ${byImpact.critical} critical, ${byImpact.serious} serious, ${byImpact.moderate} moderate, ${byImpact.minor} minor (${listed})`
}

function measureOverflow(): { overflowPx: number; overflowing: string[] } {
  const root = document.documentElement
  const limit = root.clientWidth
  const overflowPx = Math.max(0, Math.ceil(root.scrollWidth - limit))
  const overflowing: string[] = []
  if (overflowPx > 0) {
    for (const element of Array.from(document.body.querySelectorAll('*'))) {
      if (element.getBoundingClientRect().right <= limit + 0.5) continue
      const classes = typeof element.className === 'string' && element.className ? `.${element.className.trim().split(/\s+/).slice(0, 3).join('.')}` : ''
      overflowing.push(`${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${classes}`)
      if (overflowing.length === 5) break
    }
  }
  return { overflowPx, overflowing }
}

async function runAxe(): Promise<AxeViolation[]> {
  type AxeResult = { violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }
  const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResult> } }).axe
  const result = await axe.run(document, { resultTypes: ['violations'] })
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(' ')) }))
}
