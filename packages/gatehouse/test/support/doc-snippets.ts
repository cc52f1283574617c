// Pulls the TypeScript blocks out of the README and docs/ and type-checks them against the
// package's sources, so a renamed option or a changed result shape fails the suite instead of
// misleading a reader. Each block becomes one module of a temporary project; a shared prelude
// declares (never defines) the names the prose assumes, such as `gatehouse` and `app`.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'

/** One fenced TypeScript block of a markdown file. */
export interface DocSnippet {
  /** The markdown file, relative to the repository root. */
  readonly file: string
  /** The 1-based line of the block's first code line in the markdown file. */
  readonly line: number
  readonly language: 'ts' | 'tsx'
  readonly code: string
  /** Set when the fence says `no-check: <reason>`: the block is shown, not compiled. */
  readonly skipReason: string | null
  /**
   * Set when the fence says `excerpt: <path from the repository root>`: the block is a verbatim
   * piece of that source file (which the repository's own type-check covers), so it is compared
   * with the file rather than compiled alone.
   */
  readonly excerptOf: string | null
}

const TYPESCRIPT_LANGUAGES: Record<string, 'ts' | 'tsx'> = { ts: 'ts', typescript: 'ts', tsx: 'tsx' }
const FENCE = /^(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/
const NO_CHECK = /^no-check(?::\s*(.*))?$/
const EXCERPT = /^excerpt:\s*(\S+)$/

/**
 * The ```ts, ```typescript and ```tsx blocks of one markdown text, in order.
 * Throws when a block opts out of the check without saying why.
 *
 * @example
 * extractTypeScriptBlocks('docs/api.md', readFileSync('docs/api.md', 'utf8'))
 */
export function extractTypeScriptBlocks(file: string, markdown: string): DocSnippet[] {
  const lines = markdown.split(/\r?\n/)
  const blocks: DocSnippet[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '')
    if (!open) continue
    const [, fence = '', info = '', rest = ''] = open
    const end = findClosingFence(lines, i + 1, fence)
    const language = TYPESCRIPT_LANGUAGES[info.toLowerCase()]
    if (language) {
      const code = lines.slice(i + 1, end).join('\n')
      blocks.push({ file, line: i + 2, language, code, skipReason: skipReasonOf(file, i + 1, rest.trim()), excerptOf: EXCERPT.exec(rest.trim())?.[1] ?? null })
    }
    i = end
  }
  return blocks
}

function findClosingFence(lines: readonly string[], from: number, fence: string): number {
  for (let j = from; j < lines.length; j++) {
    const line = (lines[j] ?? '').trimEnd()
    if (line.startsWith(fence) && /^(`+|~+)$/.test(line) && line[0] === fence[0]) return j
  }
  return lines.length
}

function skipReasonOf(file: string, line: number, rest: string): string | null {
  const marker = NO_CHECK.exec(rest)
  if (!marker) return null
  const reason = marker[1]?.trim()
  if (!reason) throw new Error(`${file}:${line}: a no-check block must say why (\`\`\`ts no-check: <reason>)`)
  return reason
}

/** The markdown files whose snippets are checked: the README and everything under docs/. */
export function findDocumentationFiles(repoRoot: string): string[] {
  const found = ['README.md']
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(repoRoot, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.md')) found.push(path)
    }
  }
  walk('docs')
  return found
}

export interface SnippetProject {
  /** Where the temporary project was written (kept for a look when a check fails). */
  readonly dir: string
  /** One line per problem, `README.md:42: TS2339 Property 'x' does not exist…`. */
  readonly problems: string[]
}

/**
 * Writes the blocks into a temporary project beside `fixtureDir`'s prelude and app files and
 * type-checks them all at once with the repository's compiler options (strict).
 *
 * @example
 * const { problems } = checkSnippets(blocks, { repoRoot, fixtureDir, projectDir })
 */
export function checkSnippets(snippets: readonly DocSnippet[], paths: { repoRoot: string; fixtureDir: string; projectDir: string }): SnippetProject {
  const { repoRoot, fixtureDir, projectDir } = paths
  cpSync(fixtureDir, projectDir, { recursive: true })
  // The project sits outside the workspace; the link lets it resolve `@gatehouse-auth/gatehouse`
  // (a workspace link to the package) and hono, kysely and the rest as the repository does.
  symlinkSync(join(repoRoot, 'node_modules'), join(projectDir, 'node_modules'), 'dir')
  const origins = new Map<string, DocSnippet>()
  mkdirSync(join(projectDir, 'snippets'), { recursive: true })
  const problems: string[] = []
  for (const snippet of snippets) {
    if (snippet.skipReason) continue
    if (snippet.excerptOf) {
      if (!isExcerptOf(snippet.code, join(repoRoot, snippet.excerptOf))) problems.push(`${snippet.file}:${snippet.line}: the block is no longer an excerpt of ${snippet.excerptOf}`)
      continue
    }
    const path = join(projectDir, 'snippets', `${snippet.file.replace(/[/\\.]/g, '_')}_${snippet.line}.${snippet.language}`)
    // `export {}` makes every block a module, so blocks do not share top-level names.
    writeFileSync(path, `${snippet.code}\nexport {}\n`)
    origins.set(path, snippet)
  }
  const program = ts.createProgram([join(projectDir, 'prelude.ts'), ...origins.keys()], compilerOptionsOf(repoRoot))
  problems.push(...[...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map((d) => describeDiagnostic(d, null)))
  for (const [path, snippet] of origins) {
    const source = program.getSourceFile(path)
    if (!source) {
      problems.push(`${snippet.file}:${snippet.line}: the block was not compiled`)
      continue
    }
    for (const diagnostic of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) problems.push(describeDiagnostic(diagnostic, snippet))
  }
  for (const source of program.getSourceFiles()) {
    if (relative(projectDir, source.fileName).startsWith('..') || origins.has(source.fileName) || source.fileName.includes('node_modules')) continue
    for (const diagnostic of program.getSemanticDiagnostics(source)) problems.push(describeDiagnostic(diagnostic, null))
  }
  return { dir: projectDir, problems }
}

function isExcerptOf(code: string, path: string): boolean {
  return code.trim() !== '' && existsSync(path) && readFileSync(path, 'utf8').includes(code)
}

function compilerOptionsOf(repoRoot: string): ts.CompilerOptions {
  const configPath = join(repoRoot, 'tsconfig.json')
  const config = ts.readConfigFile(configPath, (path) => readFileSync(path, 'utf8'))
  if (config.error) throw new Error(describeDiagnostic(config.error, null))
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, repoRoot, undefined, configPath)
  return { ...parsed.options, noEmit: true, skipLibCheck: true }
}

function describeDiagnostic(diagnostic: ts.Diagnostic, snippet: DocSnippet | null): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ')
  if (diagnostic.file && diagnostic.start !== undefined) {
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
    const where = snippet ? `${snippet.file}:${snippet.line + line}` : `${diagnostic.file.fileName}:${line + 1}`
    return `${where}: TS${diagnostic.code} ${message}`
  }
  return `TS${diagnostic.code} ${message}`
}
