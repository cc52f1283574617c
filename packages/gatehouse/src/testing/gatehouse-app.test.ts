import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { Hono } from 'hono'
import { html } from 'hono/html'
import type { Generated, Kysely } from 'kysely'
import { TEST_SECRET } from '../../test/support/core.ts'
import { onCleanup } from '../../test/support/services.ts'
import { scopedFields } from '../hono/index.ts'
import { createGatehouse, createTenantTable } from '../index.ts'
import type { Gatehouse, GatehouseTables } from '../index.ts'
import { checkTenantIsolation, formatIsolationReport } from './index.ts'
import type { IsolationClient } from './index.ts'

interface NoteTables {
  notes: { id: Generated<number>; account_id: number; title: string }
}

/**
 * A real Gatehouse app (registration, sessions, CSRF) with a `/notes` resource whose show page
 * reads either through `gatehouse.scoped` or, the bug under test, through `unscopedDb`.
 */
async function notesOnGatehouse(lookup: 'scoped' | 'unscoped'): Promise<{ app: Hono; gatehouse: Gatehouse<NoteTables> }> {
  const gatehouse = await createGatehouse<NoteTables>({
    database: 'sqlite::memory:',
    secret: TEST_SECRET,
    publicUrl: 'http://localhost:4000',
    migrations: {
      '0001_notes': {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the schema before it exists
        up: (db: Kysely<any>) => createTenantTable(db, 'notes', (t) => t.addColumn('title', 'text', (c) => c.notNull())),
      },
    },
    tenancy: { tables: ['notes'] },
  })
  onCleanup(() => gatehouse.close())
  const app = new Hono()
  app.use(gatehouse.middleware)
  app.route('/', gatehouse.app)
  app.use('/notes/*', gatehouse.requireAuthenticated())
  app.get('/notes/new', (c) =>
    gatehouse.render(c, {
      title: 'New note',
      body: (csrf) => html`<form action="/notes" method="post"><input type="hidden" name="_csrf_token" value="${csrf}" /><input name="note[title]" /></form>`,
    }),
  )
  app.post('/notes', async (c) => {
    const title = scopedFields(c.get('form'), 'note').title ?? ''
    const { id } = await gatehouse.scoped(c, (db) => db.insertInto('notes').values({ title } as never).returning('id').executeTakeFirstOrThrow())
    return c.redirect(`/notes/${id}`, 302)
  })
  app.get('/notes/:id', async (c) => {
    const id = Number(c.req.param('id'))
    if (!Number.isSafeInteger(id) || id <= 0) return gatehouse.notFound(c)
    const find = (db: Kysely<GatehouseTables & NoteTables>) => db.selectFrom('notes').select(['id', 'title']).where('id', '=', id).executeTakeFirst()
    const note = lookup === 'scoped' ? await gatehouse.scoped(c, find) : await find(gatehouse.unscopedDb('the bug under test'))
    return note ? gatehouse.render(c, { title: 'Note', body: () => html`<h1>${note.title}</h1>` }) : gatehouse.notFound(c)
  })
  app.notFound(gatehouse.notFound)
  app.onError(gatehouse.onError)
  return { app, gatehouse }
}

async function seed(client: IsolationClient, marker: string) {
  await client.get('/notes/new')
  const created = await client.submit('/notes', { 'note[title]': `${marker} title` })
  return { id: [(created.headers.get('location') ?? '').split('/').pop() ?? ''] }
}

describe('checkTenantIsolation on a Gatehouse app (SQLite)', () => {
  test('should pass a resource read through gatehouse.scoped', async () => {
    const { app } = await notesOnGatehouse('scoped')
    const report = await checkTenantIsolation({ fetch: (r) => app.request(r), origin: 'http://localhost:4000', routes: app.routes.filter((r) => r.path.startsWith('/notes')), seed })
    assert.deepEqual(report.leaks, [], formatIsolationReport(report))
    assert.ok(report.requests >= 8)
  })

  test('should catch the same resource read through unscopedDb', async () => {
    const { app } = await notesOnGatehouse('unscoped')
    const report = await checkTenantIsolation({ fetch: (r) => app.request(r), origin: 'http://localhost:4000', routes: app.routes.filter((r) => r.path.startsWith('/notes')), seed })
    assert.deepEqual([...new Set(report.leaks.map((l) => `${l.route} ${l.kind}`))].sort(), ['GET /notes/:id not-like-missing', 'GET /notes/:id shows-data'])
  })
})
