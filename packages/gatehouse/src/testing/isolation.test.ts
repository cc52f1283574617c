import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { notesApp } from '../../test/support/isolation-fixture.ts'
import type { NotesFixture, NotesFlaw } from '../../test/support/isolation-fixture.ts'
import { checkTenantIsolation, formatIsolationReport, IsolationSetupError } from './index.ts'
import type { CheckTenantIsolationOptions, IsolationAccount, IsolationClient, IsolationLeakKind, IsolationReport } from './index.ts'

/** Two notes per account, through the app's own form; their titles and bodies carry the marker. */
async function seedNotes(client: IsolationClient, marker: string) {
  const ids: string[] = []
  for (const n of [1, 2]) {
    await client.get('/notes/new')
    const created = await client.submit('/notes', { 'note[title]': `${marker} title ${n}`, 'note[body]': `${marker} body ${n}` })
    assert.equal(created.status, 302)
    ids.push((created.headers.get('location') ?? '').split('/').pop() ?? '')
  }
  return { id: ids }
}

function check(fixture: NotesFixture, options: Partial<CheckTenantIsolationOptions> = {}): Promise<IsolationReport> {
  return checkTenantIsolation({
    fetch: (request) => fixture.app.request(request),
    // Hono's route list as it is: ALL middleware entries and duplicates included.
    routes: fixture.app.routes.filter((route) => route.path.startsWith('/notes')),
    seed: seedNotes,
    ...options,
  })
}

/** Leak kinds per route, e.g. `{ 'GET /notes/:id': ['not-like-missing', 'shows-data'] }`. */
function kindsByRoute(report: IsolationReport): Record<string, IsolationLeakKind[]> {
  const kinds: Record<string, Set<IsolationLeakKind>> = {}
  for (const leak of report.leaks) (kinds[leak.route] ??= new Set()).add(leak.kind)
  return Object.fromEntries(Object.entries(kinds).map(([route, set]) => [route, [...set].sort()]))
}

const withFlaws = (...flaws: NotesFlaw[]) => notesApp(flaws)

describe('checkTenantIsolation on a sound app', () => {
  test('should report no leak and count every cross-account request', async () => {
    const report = await check(withFlaws())
    assert.deepEqual(report.leaks, [], formatIsolationReport(report))
    // Per route: a missing id, B's two ids and six malformed ids (9); A's own two ids first for
    // non-DELETE state changes (+2); PATCH, PUT and DELETE both as a form and natively (x2); one
    // own DELETE as the final control; parameterless routes once.
    const perRoute = Object.fromEntries(report.routes.map((r) => [`${r.method} ${r.path}`, r.requests]))
    assert.deepEqual(perRoute, {
      'GET /notes': 1,
      'GET /notes/new': 1,
      'POST /notes': 1,
      'GET /notes/:id': 9,
      'GET /notes/:id/edit': 9,
      'POST /notes/:id': 11,
      'PATCH /notes/:id': 22,
      'PUT /notes/:id': 22,
      'DELETE /notes/:id': 19,
    })
    assert.equal(report.requests, 95)
    assert.deepEqual(report.breakdown, { 'b-id': 18, 'missing-id': 9, 'malformed-id': 54, 'own-id': 11, 'no-id': 3 })
    assert.ok(report.setupRequests > report.requests, 'B is re-read after each state-changing request')
  })

  test('should leave B exactly as seeded', async () => {
    const fixture = withFlaws()
    const report = await check(fixture)
    const accountB = fixture.accountIdByName(report.accounts.B.accountName)
    const notesOfB = fixture.notes.filter((n) => n.accountId === accountB)
    assert.equal(notesOfB.length, 2)
    for (const note of notesOfB) assert.ok(note.title.startsWith(report.accounts.B.marker))
  })

  test('should compare answers that echo the input (a 422 before the lookup) as the same', async () => {
    const report = await check(withFlaws('validates-first'), { formFields: (route, marker): Record<string, string> => (route.method === 'DELETE' ? {} : { 'note[title]': `${marker}-title`, 'note[body]': '' }) })
    assert.deepEqual(report.leaks, [], formatIsolationReport(report))
  })

  test('should only send the form variant (POST + _method) when asked', async () => {
    const report = await check(withFlaws(), { methodOverride: 'form' })
    const patch = report.routes.find((r) => r.method === 'PATCH')
    assert.equal(patch?.requests, 11)
  })
})

describe('checkTenantIsolation finds the leaks of a leaky app', () => {
  test('should report B data shown by an id lookup without the account scope', async () => {
    const report = await check(withFlaws('unscoped-read'))
    const kinds = kindsByRoute(report)
    assert.deepEqual(kinds['GET /notes/:id'], ['not-like-missing', 'shows-data'])
    assert.deepEqual(kinds['GET /notes/:id/edit'], ['not-like-missing', 'shows-data'])
    assert.equal(kinds['PATCH /notes/:id'], undefined, 'writes are scoped in this app')
    const leak = report.leaks.find((l) => l.kind === 'shows-data')
    assert.match(leak?.reason ?? '', /B's marker/)
    assert.match(leak?.request ?? '', /^GET \/notes\/\d+/)
  })

  test("should report B's rows changed and deleted by unscoped writes", async () => {
    const report = await check(withFlaws('unscoped-write'))
    const kinds = kindsByRoute(report)
    for (const route of ['PATCH /notes/:id', 'PUT /notes/:id', 'DELETE /notes/:id']) {
      assert.ok(kinds[route]?.includes('changes-data'), `${route}: ${formatIsolationReport(report)}`)
      assert.ok(kinds[route]?.includes('not-like-missing'), route)
    }
    assert.ok(report.leaks.some((l) => l.route === 'PATCH /notes/:id' && /shows A's marker/.test(l.reason)))
  })

  test('should report 403 for another account where a missing id gets 404', async () => {
    const report = await check(withFlaws('forbidden-for-others'))
    const kinds = kindsByRoute(report)
    for (const route of ['GET /notes/:id', 'GET /notes/:id/edit', 'PATCH /notes/:id', 'PUT /notes/:id', 'DELETE /notes/:id']) {
      assert.deepEqual(kinds[route], ['not-like-missing'], route)
    }
    assert.match(report.leaks[0]?.reason ?? '', /^status 403 for B's id, 404 for a missing id$/)
  })

  test('should report a 404 whose body differs for another account', async () => {
    const report = await check(withFlaws('revealing-not-found'))
    assert.ok(report.leaks.length > 0)
    assert.ok(report.leaks.every((l) => l.kind === 'not-like-missing'))
    assert.match(report.leaks[0]?.reason ?? '', /bodies differ at character \d+: .*Not found in your account/)
  })

  test('should report a write that changes B but answers like a missing id', async () => {
    const report = await check(withFlaws('blind-write'))
    const kinds = kindsByRoute(report)
    for (const route of ['PATCH /notes/:id', 'PUT /notes/:id', 'DELETE /notes/:id']) assert.deepEqual(kinds[route], ['changes-data'], route)
  })

  test('should report an account_id field that puts a new row into B, when told the field', async () => {
    const fixture = withFlaws('honours-account-id')
    const quiet = await check(fixture)
    assert.deepEqual(quiet.leaks, [], 'without accountFields nothing names B')
    const report = await check(fixture, { accountFields: ['note[account_id]'], accountIdOf: (account) => fixture.accountIdByName(account.accountName) })
    assert.deepEqual(kindsByRoute(report)['POST /notes'], ['changes-data'])
    assert.match(report.leaks.find((l) => l.route === 'POST /notes')?.reason ?? '', /B's page \/notes now shows A's marker/)
  })

  test("should report an update that moves A's row into B", async () => {
    const fixture = withFlaws('moves-on-update')
    const report = await check(fixture, { accountFields: ['note[account_id]'], accountIdOf: (account) => fixture.accountIdByName(account.accountName) })
    const kinds = kindsByRoute(report)
    assert.deepEqual(kinds['PATCH /notes/:id'], ['changes-data'])
    assert.match(report.leaks[0]?.request ?? '', /^POST \/notes\/\d+ \(_method=patch\)$/)
  })

  test('should report a 500 for malformed ids', async () => {
    const report = await check(withFlaws('crashes-on-malformed'))
    const errors = report.leaks.filter((l) => l.kind === 'server-error')
    assert.ok(errors.length > 0)
    assert.ok(errors.some((l) => l.request === 'GET /notes/abc'))
    assert.ok(report.leaks.every((l) => l.kind === 'server-error'))
  })

  test("should report a list that shows B's rows (to A, and A's rows to B)", async () => {
    const report = await check(withFlaws('lists-everything'))
    assert.deepEqual(kindsByRoute(report), { 'GET /notes': ['shows-data'] })
    assert.deepEqual(
      report.leaks.map((l) => l.request),
      ['GET /notes (as B)', 'GET /notes'],
    )
  })
})

describe('checkTenantIsolation refuses to pass when it cannot see', () => {
  test('should throw when seed returns no ids for a path parameter', async () => {
    await assert.rejects(check(withFlaws(), { seed: async () => ({}) }), (error: Error) => error instanceof IsolationSetupError && /no ids for :id/.test(error.message))
  })

  test("should throw when B's pages never show the marker", async () => {
    const seed = async (client: IsolationClient) => {
      await client.get('/notes/new')
      const created = await client.submit('/notes', { 'note[title]': 'plain', 'note[body]': 'plain' })
      return { id: [(created.headers.get('location') ?? '').split('/').pop() ?? ''] }
    }
    await assert.rejects(check(withFlaws(), { seed }), /shows B's marker/)
  })

  test("should throw when A's own state changes are refused (a CSRF or session problem)", async () => {
    const fixture = withFlaws('refuses-csrf')
    let next = 500
    // The app refuses its own forms in this flaw, so the rows are put in directly.
    const seed = async (_client: IsolationClient, marker: string, account: IsolationAccount) => {
      const id = ++next
      fixture.notes.push({ id, accountId: fixture.accountIdByName(account.accountName), title: `${marker} t`, body: `${marker} b` })
      return { id: [String(id)] }
    }
    await assert.rejects(check(fixture, { seed }), (error: Error) => error instanceof IsolationSetupError && /requests on its own data were refused \(POST \/notes → 403/.test(error.message))
  })

  test('should throw when A loses its session on the way (every answer would then look alike)', async () => {
    await assert.rejects(check(withFlaws('single-use-session')), (error: Error) => error instanceof IsolationSetupError && /account A cannot open its own page \/notes\/new \(status 302, a redirect to \/registration\/new: signed out/.test(error.message))
  })

  test('should throw on a page that is never the same twice, and pass once normalize removes it', async () => {
    await assert.rejects(check(withFlaws('unstable-page')), /not the same on two reads in a row .*pass normalize/)
    const report = await check(withFlaws('unstable-page'), { normalize: (body) => body.replace(/render \d+/g, 'render N') })
    assert.deepEqual(report.leaks, [])
  })

  test('should throw when accountFields come without accountIdOf', async () => {
    await assert.rejects(check(withFlaws(), { accountFields: ['note[account_id]'] }), /accountFields needs accountIdOf/)
  })

  test('should throw when there is no route to check', async () => {
    await assert.rejects(check(withFlaws(), { routes: [{ method: 'ALL', path: '/notes/*' }] }), /no routes to check/)
  })

  test('should list a wildcard route as skipped, not as checked', async () => {
    const fixture = withFlaws()
    const report = await check(fixture, { routes: [...fixture.app.routes.filter((r) => r.path.startsWith('/notes')), { method: 'GET', path: '/files/*' }] })
    const files = report.routes.find((r) => r.path === '/files/*')
    assert.equal(files?.requests, 0)
    assert.match(files?.skipped ?? '', /wildcard/)
    assert.match(formatIsolationReport(report), /SKIP {2}GET \/files\/\* \(wildcard/)
  })
})

describe('formatIsolationReport', () => {
  test('should print the totals, one line per route and one per leak', async () => {
    const report = await check(withFlaws('lists-everything'))
    const text = formatIsolationReport(report)
    const lines = text.split('\n')
    assert.equal(lines[0], 'Tenant isolation: 95 cross-account requests over 9 routes, 2 leaks')
    assert.ok(lines.includes('  LEAK  GET /notes (1 requests, 2 leaks)'))
    assert.ok(lines.includes('  ok    GET /notes/:id (9 requests)'))
    assert.match(lines.at(-2) ?? '', /^ {2}- \[shows-data\] GET \/notes: GET \/notes \(as B\): B's own page shows A's marker "iso-a-[a-z0-9]{12}"$/)
    assert.match(lines.at(-1) ?? '', /^ {2}- \[shows-data\] GET \/notes: GET \/notes: the response shows B's marker "iso-b-[a-z0-9]{12}"$/)
  })
})
