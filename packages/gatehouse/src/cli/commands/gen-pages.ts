import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import { findConfigFile } from '../app-config.ts'
import type { CliCommand, CliContext } from '../command.ts'
import { CliUsageError, EXIT_FAILED, EXIT_OK } from '../command.ts'
import { copyablePageSource, findPageSource, PAGE_SOURCES, pagesIndexSource } from '../pages/page-sources.ts'
import type { PageSource } from '../pages/page-sources.ts'
import { parseOptions } from '../parse-options.ts'

const PAGE_NAMES = PAGE_SOURCES.map((page) => page.key).join(', ')

export const genPagesCommand: CliCommand = {
  name: 'gen:pages',
  summary: "Copy pages' source into the app to restyle them (Pow's gen.templates)",
  help: `Usage: gatehouse gen:pages [page...] [--dir <folder>] [--force] [--config <file>]

Copies the source of the named pages (all of them when none is named) into the app, and
points the config at them through <folder>/index.ts, so the app renders its own copies from
then on. The copies import what they need from '@gatehouse-auth/gatehouse/hono'. Restyle them freely: keep
the field names (user[email]…), the form actions and the CSRF field.

Pages: ${PAGE_NAMES} (kebab-case works too: sign-in, edit-registration)

Options:
  --dir <folder>   where the copies go (default src/gatehouse/pages)
  --force          overwrite copies made before
  --config <file>  the config to point at the copies (default gatehouse.config.ts)`,
  async run(context) {
    const { values, positionals } = parseOptions(context.args, { dir: { type: 'string' }, force: { type: 'boolean' }, config: { type: 'string' } }, { positionals: true })
    const pages = positionals.length === 0 ? [...PAGE_SOURCES] : positionals.map(pageNamed)
    const configPath = findConfigFile(context.cwd, values.config)
    if (!configPath) {
      context.out.error('no gatehouse.config.ts here: run gatehouse init first (or pass --config <file>)')
      return EXIT_FAILED
    }
    const folder = resolve(context.cwd, values.dir ?? 'src/gatehouse/pages')
    const shown = (path: string) => relative(context.cwd, path)
    const existing = pages.map((page) => resolve(folder, page.file)).filter((path) => existsSync(path))
    if (existing.length > 0 && !values.force) {
      context.out.error(`refusing to overwrite ${existing.map(shown).join(', ')} (nothing was written): pass --force to replace ${existing.length === 1 ? 'it' : 'them'}`)
      return EXIT_FAILED
    }
    mkdirSync(folder, { recursive: true })
    for (const page of new Set(pages)) {
      const path = resolve(folder, page.file)
      writeFileSync(path, copyablePageSource(page))
      context.out.log(`created  ${shown(path)} (pages.${page.key})`)
    }
    const copied = PAGE_SOURCES.filter((page) => existsSync(resolve(folder, page.file)))
    const index = resolve(folder, 'index.ts')
    writeFileSync(index, pagesIndexSource(copied))
    context.out.log(`wrote    ${shown(index)} (${copied.map((page) => page.key).join(', ')})`)
    pointConfigAt(context, configPath, index)
    context.out.log('\nThe app now renders these copies. Classes outside Gatehouse\'s stylesheet need your own CSS build.')
    return EXIT_OK
  },
}

function pageNamed(name: string): PageSource {
  const page = findPageSource(name)
  if (!page) throw new CliUsageError(`unknown page ${JSON.stringify(name)}; pages: ${PAGE_NAMES}`)
  return page
}

/** Adds `import { pages } from '<index>'` and `pages,` to the config, unless it already has them. */
function pointConfigAt(context: CliContext, configPath: string, index: string): void {
  const source = readFileSync(configPath, 'utf8')
  // `.js`, as the app's own tsc (NodeNext) wants it; tsx and bundlers map it to the .ts file.
  const specifier = `./${relative(dirname(configPath), index)}`.replace(/^\.\/\.\.\//, '../').replace(/\.ts$/, '.js')
  const shownConfig = relative(context.cwd, configPath)
  if (source.includes(`'${specifier}'`)) {
    context.out.log(`kept     ${shownConfig} (already uses ${specifier})`)
    return
  }
  const call = /defineGatehouseConfig\(\{[ \t]*\n/
  if (!call.test(source) || /^\s*pages\s*[:,]/m.test(source)) {
    context.out.log(`\nPoint ${shownConfig} at the copies by hand:`)
    context.out.log(`    import { pages } from '${specifier}'`)
    context.out.log('    defineGatehouseConfig({ pages, … })')
    return
  }
  const withImport = source.replace(/^((?:import\b[^'"]*['"][^'"\n]+['"];?[^\n]*\n)+)/m, `$1import { pages } from '${specifier}'\n`)
  writeFileSync(configPath, withImport.replace(call, (opening) => `${opening}  // The pages copied by gatehouse gen:pages.\n  pages,\n`))
  context.out.log(`updated  ${shownConfig} (pages: ${specifier})`)
}
