import type { Context } from 'hono'
import type { Kysely } from 'kysely'
import type { GatehouseOptions } from './config.ts'
import { createGatehouseCore } from './core.ts'
import { openDatabase } from './db/database.ts'
import type { Database } from './db/database.ts'
import type { GatehouseTables } from './db/schema.ts'
import { createTenancy } from './tenancy/tenancy.ts'
import type { Tenancy, TenancyOptions } from './tenancy/tenancy.ts'
import { TenantScopeError } from './tenancy/tenant-scope-error.ts'
import { verifyTenancy } from './tenancy/verify-tenancy.ts'
import { GatehouseConfigError } from './errors.ts'
import type { GatehouseCore } from './core.ts'
import { createGatehouseWeb } from './web/app.ts'
import type { GatehouseWeb } from './web/app.ts'
import type { Pages } from './web/pages/index.ts'
import type { AnyGatehouseExtension } from './extensions/extension.ts'
import './web/env.ts'

/** Options for `createGatehouse`: the core's, plus replaceable pages. */
export interface CreateGatehouseOptions extends GatehouseOptions {
  readonly pages?: Partial<Pages>
  /** The app's tenant-owned tables and how they are reached (see "Multi-tenancy" in the README). */
  readonly tenancy?: TenancyOptions
  /** Switched-on extensions, in order: one that may halt a step (a sign-in, a registration) comes before those acting on it. */
  readonly extensions?: readonly AnyGatehouseExtension[]
}

/** Everything an app uses: the core functions, the web layer and tenant-scoped data access. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no app tables by default
export type Gatehouse<AppTables = {}> = GatehouseCore &
  GatehouseWeb & {
    /** The Gatehouse routes as a plain `(Request) => Promise<Response>` for any framework. */
    fetch(request: Request): Promise<Response>
    /** The app's database handle; tenant tables are refused here (use `scoped` or `withTenant`). */
    readonly db: Kysely<GatehouseTables & AppTables>
    readonly tenancy: Tenancy<GatehouseTables & AppTables>
    withTenant: Tenancy<GatehouseTables & AppTables>['withTenant']
    unscopedDb: Tenancy<GatehouseTables & AppTables>['unscopedDb']
    /**
     * `withTenant` for the account of the signed-in user of this request: the only account a
     * request can ever reach. Throws when nobody is signed in (put `requireAuthenticated()` first).
     *
     * @example
     * app.get('/secrets', gatehouse.requireAuthenticated(), async (c) => {
     *   const secrets = await gatehouse.scoped(c, (db) => db.selectFrom('secrets').selectAll().execute())
     * })
     */
    scoped<T>(c: Context, work: (db: Kysely<GatehouseTables & AppTables>) => Promise<T>): Promise<T>
  }

/**
 * Creates Gatehouse: opens the database, applies migrations (unless `migrate: false`), and
 * builds the routes and middleware.
 *
 * @example
 * const gatehouse = await createGatehouse({ database: 'sqlite:./data/dev.sqlite', secret, publicUrl: 'http://localhost:4000' })
 * const app = new Hono()
 * app.use(gatehouse.middleware)
 * app.route('/', gatehouse.app)
 * app.get('/private', gatehouse.requireAuthenticated(), (c) => c.text(`Welcome ${c.get('currentUser')?.email}`))
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no app tables by default
export async function createGatehouse<AppTables = {}>(options: CreateGatehouseOptions): Promise<Gatehouse<AppTables>> {
  const core = await createGatehouseCore(options)
  const extensions = options.extensions ?? []
  const needingMail = extensions.filter((e) => e.usesMail).map((e) => e.name)
  if (needingMail.length > 0 && !core.mail.configured) {
    await core.close()
    throw new GatehouseConfigError(`extensions ${needingMail.join(', ')} send mail: set SMTP_URL (mail.smtpUrl) or pass mail.mailer; the dev mailbox is off in production`)
  }
  const web = createGatehouseWeb(core, {
    pages: options.pages ?? {},
    extensions,
    mail: { enqueue: core.mail.enqueue, flush: core.mail.flush, link: core.mail.link },
  })
  core.mail.start()
  const tenantOptions = options.tenancy ?? {}
  type Tables = GatehouseTables & AppTables
  let tenantDatabase: Database | undefined
  let tenancy: Tenancy<Tables>
  try {
    tenantDatabase = typeof tenantOptions.database === 'string' ? openDatabase(tenantOptions.database) : (tenantOptions.database ?? core.database)
    tenancy = createTenancy(tenantDatabase as unknown as { db: Kysely<Tables>; dialect: typeof core.database.dialect }, tenantOptions, extensions.flatMap((e) => e.tables ?? []))
    await verifyTenancy(tenantDatabase, tenancy.tables, { production: core.config.production, allowRowSecurityBypass: tenantOptions.allowRowSecurityBypass ?? false })
  } catch (error) {
    // A bad tenancy option must not leave the connections open.
    if (tenantDatabase && tenantDatabase !== core.database) await tenantDatabase.close()
    await core.close()
    throw error
  }
  const tenantConnection = tenantDatabase
  return {
    ...core,
    ...web,
    fetch: async (request: Request) => web.app.fetch(request),
    db: tenancy.db,
    tenancy,
    withTenant: (accountId, work) => tenancy.withTenant(accountId, work),
    unscopedDb: (reason) => tenancy.unscopedDb(reason),
    scoped(c, work) {
      const account = c.get('currentAccount')
      if (!account) throw new TenantScopeError('scoped() needs a signed-in user: put requireAuthenticated() before this route')
      return tenancy.withTenant(account.id, work)
    },
    async close() {
      // Work started after a response (a reset link being mailed) still needs the database.
      await web.idle()
      if (tenantConnection !== core.database) await tenantConnection.close()
      await core.close()
    },
  }
}

