import type { Framework } from './templates.ts'
import { mountingImport, mountingLines } from './templates.ts'

/** What patching the entry file came to. */
export type EntryPatch =
  | { readonly kind: 'patched'; readonly text: string; readonly portReplaced: boolean }
  | { readonly kind: 'already-mounted' }
  | { readonly kind: 'not-recognised'; readonly lines: readonly string[] }

const APP_DECLARATION: Record<Framework, RegExp> = {
  hono: /^(?:export\s+)?const\s+(\w+)\s*=\s*new\s+Hono\b[^\n]*$/m,
  express: /^(?:export\s+)?const\s+(\w+)\s*=\s*express\(\)[^\n]*$/m,
}

/**
 * Adds Gatehouse to an entry file shaped like the framework's starter (`const app = new
 * Hono()` / `const app = express()`): the import, the mounting lines right after the app is
 * created, and the port and host taken from `env` so that they match PUBLIC_URL and HOST. Anything else
 * is left alone and the lines to add by hand are returned instead.
 *
 * @example
 * patchEntry("const app = new Hono()\n", 'hono', './gatehouse.js')
 */
export function patchEntry(source: string, framework: Framework, fromEntry: string): EntryPatch {
  if (/\bgatehouse\.middleware\b|\bauth\.middleware\b/.test(source)) return { kind: 'already-mounted' }
  const declaration = APP_DECLARATION[framework].exec(source)
  const app = declaration?.[1]
  if (!declaration || !app) return { kind: 'not-recognised', lines: [mountingImport(framework, fromEntry, false), ...mountingLines(framework, 'app')] }
  const end = declaration.index + declaration[0].length
  let text = `${source.slice(0, end)}\n\n${mountingLines(framework, app).join('\n')}\n${source.slice(end)}`
  const port = PORT_SHAPES.find((shape) => shape.pattern.test(text))
  const portReplaced = port !== undefined
  if (port) text = port.serveOnEnv(text)
  text = insertImport(text, mountingImport(framework, fromEntry, portReplaced))
  return { kind: 'patched', text, portReplaced }
}

/**
 * Where starters write their port, and how to serve on `env.port` and `env.host` instead:
 * `serve({ port: 3000 })` (Hono), `app.listen(3000)`, and `const port = 3000` … `app.listen(port)`
 * (Express's guide).
 */
const PORT_SHAPES: readonly { readonly pattern: RegExp; serveOnEnv(source: string): string }[] = [
  { pattern: /(\bport\s*:\s*)(\d{2,5})\b/, serveOnEnv: (source) => source.replace(/(\bport\s*:\s*)(\d{2,5})\b/, '$1env.port, hostname: env.host') },
  { pattern: /(\.listen\(\s*)(\d{2,5})\b/, serveOnEnv: (source) => source.replace(/(\.listen\(\s*)(\d{2,5})\b/, '$1env.port, env.host') },
  {
    pattern: /^((?:const|let)\s+port\s*=\s*)(\d{2,5})\b/m,
    serveOnEnv: (source) => source.replace(/^((?:const|let)\s+port\s*=\s*)(\d{2,5})\b/m, '$1env.port').replace(/(\.listen\(\s*port)(\s*[,)])/, '$1, env.host$2'),
  },
]

/** The port number a starter entry serves on, if it names one. */
export function entryPort(source: string): number | null {
  for (const { pattern } of PORT_SHAPES) {
    const match = pattern.exec(source)
    if (match?.[2]) return Number(match[2])
  }
  return null
}

function insertImport(source: string, line: string): string {
  // An import statement may span lines (`import {\n  a,\n} from 'x'`): up to its quoted module.
  const imports = [...source.matchAll(/^import\b[^'"]*['"][^'"\n]+['"];?[^\n]*\n/gm)]
  const last = imports.at(-1)
  if (!last) return `${line}\n${source}`
  const at = (last.index ?? 0) + last[0].length
  return `${source.slice(0, at)}${line}\n${source.slice(at)}`
}
