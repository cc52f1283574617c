import { relative } from 'node:path'
import { createGatehouse } from '../../create-gatehouse.ts'
import { loadAppConfig } from '../app-config.ts'
import type { CliCommand } from '../command.ts'
import { EXIT_OK } from '../command.ts'
import { gatehouseOptionsFrom } from '../environment.ts'
import { parseOptions } from '../parse-options.ts'
import { listRoutes } from '../routes/list-routes.ts'
import { formatTable } from '../table.ts'

export const routesCommand: CliCommand = {
  name: 'routes',
  summary: 'Print every mounted route: method, path, name and who may call it',
  help: `Usage: gatehouse routes [--config <file>] [--json]

Builds Gatehouse from the app's config (its extensions included) the way the app does, and
prints every route it mounts, like \`mix phx.routes\`. When the config has \`app\` (a function
building the app's Hono app), the app's own routes are listed too; who may call them is read
from the requireAuthenticated()/requireNotAuthenticated() guards in their chain.

Who may call a route:
  anyone            no check
  anonymous         visitors who are not signed in (signed-in users are sent to /)
  signed in         signed-in users (others go to /session/new?request_path=…)
  link holder       whoever holds the mailed single-use link
  development only  the dev mailbox: mounted only outside production without SMTP_URL

No database is touched (Gatehouse is built on an in-memory SQLite database). NODE_ENV and
SMTP_URL are read, because they decide whether the dev mailbox is mounted.

Options:
  --config <file>  the app's config module (default: gatehouse.config.ts in this folder)
  --json           print JSON instead of a table`,
  async run(context) {
    const { values } = parseOptions(context.args, { config: { type: 'string' }, json: { type: 'boolean' } })
    const { config, path } = await loadAppConfig(context.cwd, values.config)
    const options = gatehouseOptionsFrom(config, context.env, 'sqlite::memory:')
    // The routes must not depend on (or touch) the real database, tenant connection included.
    const gatehouse = await createGatehouse({ ...options, ...(options.tenancy ? { tenancy: { ...options.tenancy, database: undefined } } : {}) })
    try {
      const app = config.app?.(gatehouse)
      const routes = listRoutes(app?.routes ?? gatehouse.app.routes, gatehouse)
      if (values.json) {
        context.out.log(JSON.stringify(routes, null, 2))
        return EXIT_OK
      }
      const rows = routes.map((r) => [r.method, r.path, r.name, r.access])
      for (const line of formatTable(['method', 'path', 'name', 'who'], rows)) context.out.log(line)
      context.out.log('')
      context.out.log(`${routes.length} routes (${path ? `config ${relative(context.cwd, path)}` : 'no gatehouse.config.ts: Gatehouse defaults'}${app ? '' : "; the app's own routes are listed when the config has `app`"}).`)
      context.out.log('HTML forms send PATCH, PUT and DELETE as POST with a _method field.')
      return EXIT_OK
    } finally {
      await gatehouse.close()
    }
  },
}
