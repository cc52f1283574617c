import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import type { CliCommand, CliContext } from '../command.ts'
import { EXIT_FAILED, EXIT_OK } from '../command.ts'
import { entryPort, patchEntry } from '../init/patch-entry.ts'
import type { Framework } from '../init/templates.ts'
import { CONFIG_TEMPLATE, gatehouseModuleTemplate, MIGRATIONS_TEMPLATE, TSCONFIG_TEMPLATE } from '../init/templates.ts'
import { parseOptions } from '../parse-options.ts'

const ENTRY_CANDIDATES = ['src/index.ts', 'src/index.tsx', 'src/app.ts', 'src/server.ts', 'index.ts']

export const initCommand: CliCommand = {
  name: 'init',
  summary: 'Add Gatehouse to an existing Hono (or Express) app',
  help: `Usage: gatehouse init [--express] [--entry <file>] [--force]

Run in the app's folder (where package.json is), after
\`npm install @gatehouse-auth/gatehouse better-sqlite3\` (or pg). Writes:
  gatehouse.config.ts    the config the app and this command share (migrations, extensions, pages)
  src/gatehouse.ts       the environment, the database and the Gatehouse instance
  src/db/migrations.ts   the app's own tables (AppTables) and migrations: an example tenant table
  tsconfig.json          only when there is none
package.json gets a "build" (tsc) and a "start" (node on the build) script when it has none,
or when its "start" runs dist/ (the config at the app's root moves tsc's output under dist/src).
and mounts Gatehouse in the entry file (after \`const app = new Hono()\`, or \`express()\`),
serving on env.port and env.host so that PUBLIC_URL and HOST match (a port it cannot find is
reported). An entry file it does not recognise is left alone: the lines to add are printed instead. \`data/\` (SQLite file, development secret) is
added to .gitignore.

Existing files are never overwritten without --force; nothing is written then.

Options:
  --express        mount with the Express adapter (@gatehouse-auth/gatehouse/express) instead of Hono
  --entry <file>   the file that creates the app (default: the first of ${ENTRY_CANDIDATES.join(', ')})
  --force          overwrite gatehouse.config.ts, src/gatehouse.ts and src/db/migrations.ts`,
  async run(context) {
    const { values } = parseOptions(context.args, { express: { type: 'boolean' }, entry: { type: 'string' }, force: { type: 'boolean' } })
    const { cwd, out } = context
    if (!existsSync(resolve(cwd, 'package.json'))) {
      out.error(`no package.json in ${cwd}: run gatehouse init in your app's folder (or create the app first, e.g. npm create hono@latest)`)
      return EXIT_FAILED
    }
    const framework: Framework = values.express ? 'express' : 'hono'
    const entry = values.entry ?? ENTRY_CANDIDATES.find((candidate) => existsSync(resolve(cwd, candidate)))
    if (values.entry && !existsSync(resolve(cwd, values.entry))) {
      out.error(`entry file not found: ${values.entry}`)
      return EXIT_FAILED
    }
    const entrySource = entry ? readFileSync(resolve(cwd, entry), 'utf8') : ''
    const port = entryPort(entrySource) ?? 4000
    const files: Record<string, string> = {
      'gatehouse.config.ts': CONFIG_TEMPLATE,
      'src/gatehouse.ts': gatehouseModuleTemplate(framework, port),
      'src/db/migrations.ts': MIGRATIONS_TEMPLATE,
    }
    const existing = Object.keys(files).filter((file) => existsSync(resolve(cwd, file)))
    if (existing.length > 0 && !values.force) {
      out.error(`refusing to overwrite ${existing.join(', ')} (nothing was written): pass --force to replace ${existing.length === 1 ? 'it' : 'them'}`)
      return EXIT_FAILED
    }
    if (!existsSync(resolve(cwd, 'tsconfig.json'))) files['tsconfig.json'] = TSCONFIG_TEMPLATE
    for (const [file, text] of Object.entries(files)) {
      const path = resolve(cwd, file)
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, text)
      out.log(`${existing.includes(file) ? 'overwrote' : 'created'}  ${file}`)
    }
    const mounted = entry ? mountInEntry(context, entry, entrySource, framework) : printManualMounting(context, framework, null)
    if (entry) addBuildScripts(context, entry)
    ignoreDataFolder(context)
    printNextSteps(context, framework, port, mounted, isEsmProject(cwd))
    return EXIT_OK
  },
}

function mountInEntry(context: CliContext, entry: string, source: string, framework: Framework): boolean {
  const fromEntry = `./${relative(dirname(resolve(context.cwd, entry)), resolve(context.cwd, 'src/gatehouse.js'))}`.replace(/^\.\/\.\.\//, '../')
  const patch = patchEntry(source, framework, fromEntry)
  if (patch.kind === 'already-mounted') {
    context.out.log(`kept     ${entry} (Gatehouse is already mounted there)`)
    return true
  }
  if (patch.kind === 'not-recognised') return printManualMounting(context, framework, entry, patch.lines)
  writeFileSync(resolve(context.cwd, entry), patch.text)
  context.out.log(`updated  ${entry} (mounted Gatehouse${patch.portReplaced ? '; serves on env.port and env.host' : ''})`)
  if (!patch.portReplaced) {
    context.out.log(`note     no port found in ${entry}: serve on env.port and env.host (from src/gatehouse.ts), or PUBLIC_URL and mailed links will point at another port`)
  }
  return true
}

function printManualMounting(context: CliContext, framework: Framework, entry: string | null, lines?: readonly string[]): false {
  const shown = lines ?? [framework === 'express' ? "import { auth } from './gatehouse.js'" : "import { gatehouse } from './gatehouse.js'", ...(framework === 'express' ? ['app.use(auth.middleware)'] : ['app.use(gatehouse.middleware)', "app.route('/', gatehouse.app)"])]
  context.out.log(`\n${entry ? `${entry} is not shaped like a starter app` : 'no entry file found'}: add these lines where your app is created, before its routes:`)
  for (const line of shown) context.out.log(`    ${line}`)
  return false
}

/**
 * `npm run build` (tsc) and `npm start` (node on the build) for production. The config at the
 * app's root puts tsc's output of `src/index.ts` at `dist/src/index.js`, so a starter's
 * `node dist/index.js` is updated; any other start script is the app's and is kept.
 */
function addBuildScripts(context: CliContext, entry: string): void {
  const path = resolve(context.cwd, 'package.json')
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { scripts?: Record<string, string> }
  const scripts = { ...manifest.scripts }
  const start = `node dist/${entry.replace(/\.tsx?$/, '.js')}`
  const changed: string[] = []
  if (!scripts.build) {
    scripts.build = 'tsc'
    changed.push('build: tsc')
  }
  if ((!scripts.start || /^node dist\/[\w./-]+\.js$/.test(scripts.start)) && scripts.start !== start) {
    scripts.start = start
    changed.push(`start: ${start}`)
  }
  if (changed.length === 0) return
  writeFileSync(path, `${JSON.stringify({ ...manifest, scripts }, null, 2)}\n`)
  context.out.log(`updated  package.json (${changed.join('; ')})`)
}

function ignoreDataFolder(context: CliContext): void {
  const path = resolve(context.cwd, '.gitignore')
  const current = existsSync(path) ? readFileSync(path, 'utf8') : ''
  if (/^\/?data\/?$/m.test(current)) return
  // ./data holds the SQLite database and the generated development secret.
  writeFileSync(path, `${current}${current === '' || current.endsWith('\n') ? '' : '\n'}data/\n`)
  context.out.log(`updated  .gitignore (data/: the SQLite database and the development secret)`)
}

/** src/gatehouse.ts awaits Gatehouse at the top level, which only ES modules can. */
function isEsmProject(cwd: string): boolean {
  try {
    return (JSON.parse(readFileSync(resolve(cwd, 'package.json'), 'utf8')) as { type?: unknown }).type === 'module'
  } catch {
    return false
  }
}

function printNextSteps(context: CliContext, framework: Framework, port: number, mounted: boolean, esm: boolean): void {
  const protect =
    framework === 'express'
      ? "app.get('/private', auth.requireAuthenticated(), (req, res) => res.send(`Hello ${req.gatehouse?.currentUser?.email}`))"
      : "app.get('/private', gatehouse.requireAuthenticated(), (c) => c.text(`Hello ${c.get('currentUser')?.email}`))"
  const steps = [
    ...(esm ? [] : ['add "type": "module" to package.json (src/gatehouse.ts uses top-level await)']),
    ...(mounted ? [] : ['mount Gatehouse with the lines above']),
    'npx gatehouse migrate     create the tables (DATABASE_URL, default sqlite:./data/dev.sqlite)',
    `npm run dev               then open http://localhost:${port}/registration/new`,
    'settings go in the environment or a .env file (GATEHOUSE_SECRET, DATABASE_URL…): src/gatehouse.ts loads it',
    `protect a route:          ${protect}`,
    'npx gatehouse routes      every route Gatehouse mounted, and who may call it',
    'in production set GATEHOUSE_SECRET (npx gatehouse secret), PUBLIC_URL, DATABASE_URL and NODE_ENV=production,',
    '  then: npm run build && npx gatehouse migrate && npm start',
  ]
  context.out.log('\nNext steps:')
  steps.forEach((step, i) => context.out.log(`  ${i + 1}. ${step}`))
}
