import { Hono } from 'hono'
import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { html } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'

/**
 * A tiny multi-tenant notes app with no Gatehouse inside (Pow's registration contract, a CSRF
 * token masked afresh on every page, a Phoenix-style `/notes` resource), kept in memory, with
 * switchable flaws: the isolation helper must find every one of them.
 */
export type NotesFlaw =
  /** show/edit look the note up by id alone. */
  | 'unscoped-read'
  /** update/delete look the note up by id alone. */
  | 'unscoped-write'
  /** Another account's id answers 403 instead of 404. */
  | 'forbidden-for-others'
  /** Another account's id answers 404 with its own wording. */
  | 'revealing-not-found'
  /** update/delete write by id alone but answer 404 as if nothing happened. */
  | 'blind-write'
  /** create takes `note[account_id]` from the form. */
  | 'honours-account-id'
  /** update takes `note[account_id]` from the form (moves the note). */
  | 'moves-on-update'
  /** A malformed id throws (500). */
  | 'crashes-on-malformed'
  /** The list shows every account's notes. */
  | 'lists-everything'
  /** The list prints a request counter (a page that is never the same twice). */
  | 'unstable-page'
  /** Every state-changing request on /notes is refused with 403. */
  | 'refuses-csrf'
  /** The session id changes on every request and the old one stops working. */
  | 'single-use-session'
  /** Not a leak: update checks its input before looking the note up, and echoes it in a 422. */
  | 'validates-first'

interface Note {
  id: number
  accountId: number
  title: string
  body: string
}

export interface NotesFixture {
  readonly app: Hono
  readonly notes: Note[]
  accountIdByName(name: string): number
}

export function notesApp(flaws: readonly NotesFlaw[] = []): NotesFixture {
  const has = (flaw: NotesFlaw) => flaws.includes(flaw)
  const accounts: { id: number; name: string }[] = []
  const users = new Map<string, { email: string; accountId: number }>() // by session id
  const notes: Note[] = []
  let sequence = 100
  let renders = 0
  const app = new Hono()

  const csrfSecret = (c: Context) => {
    let secret = getCookie(c, 'csrf')
    if (!secret) {
      secret = crypto.randomUUID()
      setCookie(c, 'csrf', secret, { path: '/', httpOnly: true })
    }
    return secret
  }
  const csrfField = (c: Context) => html`<input type="hidden" name="_csrf_token" value="${crypto.randomUUID()}.${csrfSecret(c)}" />`
  const page = (c: Context, content: HtmlEscapedString | Promise<HtmlEscapedString>, status: 200 | 403 | 404 | 422 = 200) => {
    const user = users.get(getCookie(c, 'sid') ?? '')
    return c.html(
      html`<!DOCTYPE html><html><body><header>${user?.email ?? 'anonymous'}<form action="/logout" method="post">${csrfField(c)}</form></header><main>${content}</main></body></html>`,
      status,
    )
  }
  const notFound = (c: Context) => page(c, html`<h1>Not found</h1>`, 404)
  const form = async (c: Context) => (c.req.method === 'GET' ? new URLSearchParams() : new URLSearchParams(await c.req.text()))

  app.use('*', async (c, next) => {
    if (c.req.method !== 'GET') {
      const fields = await form(c)
      c.set('form' as never, fields as never)
      const token = fields.get('_csrf_token') ?? ''
      if (token.split('.')[1] !== getCookie(c, 'csrf')) return c.text('Forbidden', 403)
    }
    await next()
  })
  const fieldsOf = (c: Context) => c.get('form' as never) as URLSearchParams

  app.use('*', async (c, next) => {
    const sid = getCookie(c, 'sid')
    const user = sid ? users.get(sid) : undefined
    if (has('single-use-session') && sid && user) {
      users.delete(sid)
      const fresh = crypto.randomUUID()
      users.set(fresh, user)
      setCookie(c, 'sid', fresh, { path: '/', httpOnly: true })
      // This request still runs as the user.
      c.req.raw.headers.set('cookie', (c.req.header('cookie') ?? '').replace(sid, fresh))
    }
    await next()
  })

  app.get('/registration/new', (c) =>
    page(
      c,
      html`<form action="/registration" method="post">${csrfField(c)}<input name="user[email]" type="email" /><input name="user[password]" type="password" /><input name="user[password_confirmation]" type="password" /><input name="user[account_name]" /></form>`,
    ),
  )
  app.post('/registration', (c) => {
    const fields = fieldsOf(c)
    const email = fields.get('user[email]') ?? ''
    const name = fields.get('user[account_name]') ?? ''
    if (!email || !name || fields.get('user[password]') !== fields.get('user[password_confirmation]')) return page(c, html`<p>Oops</p>`, 422)
    const account = { id: accounts.length + 1, name }
    accounts.push(account)
    const sid = crypto.randomUUID()
    users.set(sid, { email, accountId: account.id })
    setCookie(c, 'sid', sid, { path: '/', httpOnly: true })
    return c.redirect('/notes', 302)
  })

  app.use('/notes', async (c, next) => (users.has(getCookie(c, 'sid') ?? '') ? next() : c.redirect('/registration/new', 302)))
  app.use('/notes/*', async (c, next) => (users.has(getCookie(c, 'sid') ?? '') ? next() : c.redirect('/registration/new', 302)))
  app.use('/notes/*', async (c, next) => (has('refuses-csrf') && c.req.method !== 'GET' ? c.text('Forbidden', 403) : next()))
  app.use('/notes', async (c, next) => (has('refuses-csrf') && c.req.method !== 'GET' ? c.text('Forbidden', 403) : next()))
  const accountOf = (c: Context) => users.get(getCookie(c, 'sid') ?? '')?.accountId ?? 0

  const noteForm = (c: Context, action: string, method: 'post' | 'patch', note: Partial<Note>) =>
    html`<form action="${action}" method="post">${csrfField(c)}${method === 'patch' ? html`<input type="hidden" name="_method" value="patch" />` : ''}<input type="text" name="note[title]" value="${note.title ?? ''}" /><textarea name="note[body]">${note.body ?? ''}</textarea><button>Save</button></form>`

  app.get('/notes', (c) => {
    const visible = notes.filter((n) => has('lists-everything') || n.accountId === accountOf(c))
    renders++
    return page(c, html`<ul>${visible.map((n) => html`<li><a href="/notes/${n.id}">${n.title}</a></li>`)}</ul>${has('unstable-page') ? html`<p>render ${renders}</p>` : ''}<a href="/notes/new">New</a>`)
  })
  app.get('/notes/new', (c) => page(c, noteForm(c, '/notes', 'post', {})))
  app.post('/notes', (c) => {
    const fields = fieldsOf(c)
    const title = fields.get('note[title]') ?? ''
    const body = fields.get('note[body]') ?? ''
    if (!title || !body) return page(c, html`<p>can't be blank</p>${noteForm(c, '/notes', 'post', { title, body })}`, 422)
    const requested = Number(fields.get('note[account_id]'))
    const accountId = has('honours-account-id') && requested > 0 ? requested : accountOf(c)
    const note = { id: ++sequence, accountId, title, body }
    notes.push(note)
    return c.redirect(`/notes/${note.id}`, 302)
  })

  /** The note this request may use, or the response for an id it may not. */
  const lookUp = (c: Context, unscoped: boolean): Note | Response | Promise<Response> => {
    const raw = c.req.param('id') ?? ''
    let id: number
    if (has('crashes-on-malformed')) {
      id = Number(BigInt(raw)) // throws on "abc", "1.5", "%00"…
    } else {
      if (!/^[1-9][0-9]{0,9}$/.test(raw)) return notFound(c)
      id = Number(raw)
    }
    const note = notes.find((n) => n.id === id)
    if (!note) return notFound(c)
    if (note.accountId === accountOf(c) || unscoped) return note
    if (has('forbidden-for-others')) return page(c, html`<h1>Forbidden</h1>`, 403)
    if (has('revealing-not-found')) return page(c, html`<h1>Not found in your account</h1>`, 404)
    return notFound(c)
  }

  app.get('/notes/:id', (c) => {
    const note = lookUp(c, has('unscoped-read'))
    if (!isNote(note)) return note
    return page(
      c,
      html`<h1>${note.title}</h1><p>${note.body}</p><a href="/notes/${note.id}/edit">Edit</a><form action="/notes/${note.id}" method="post">${csrfField(c)}<input type="hidden" name="_method" value="delete" /><button>Delete</button></form>`,
    )
  })
  app.get('/notes/:id/edit', (c) => {
    const note = lookUp(c, has('unscoped-read'))
    return isNote(note) ? page(c, noteForm(c, `/notes/${note.id}`, 'patch', note)) : note
  })
  app.on(['POST', 'PATCH', 'PUT', 'DELETE'], '/notes/:id', (c) => {
    const fields = fieldsOf(c)
    const override = c.req.method === 'POST' ? (fields.get('_method') ?? '').toUpperCase() : c.req.method
    if (!['PATCH', 'PUT', 'DELETE'].includes(override)) return notFound(c)
    if (has('validates-first') && override !== 'DELETE' && (!fields.get('note[title]') || !fields.get('note[body]'))) {
      return page(c, html`<p>can't be blank</p>${noteForm(c, c.req.path, 'patch', { title: fields.get('note[title]') ?? '', body: fields.get('note[body]') ?? '' })}`, 422)
    }
    const found = lookUp(c, has('unscoped-write') || has('blind-write'))
    if (!isNote(found)) return found
    const foreign = found.accountId !== accountOf(c)
    if (override === 'DELETE') notes.splice(notes.indexOf(found), 1)
    else {
      const title = fields.get('note[title]') ?? ''
      const body = fields.get('note[body]') ?? ''
      if (!title || !body) return page(c, html`<p>can't be blank</p>`, 422)
      Object.assign(found, { title, body })
      const requested = Number(fields.get('note[account_id]'))
      if (has('moves-on-update') && requested > 0) found.accountId = requested
    }
    if (has('blind-write') && foreign) return notFound(c)
    return c.redirect(override === 'DELETE' ? '/notes' : `/notes/${found.id}`, 302)
  })
  app.get('/files/*', (c) => c.text('a file'))
  app.notFound(notFound)
  app.onError((_error, c) => c.text('Internal Server Error', 500))

  return {
    app,
    notes,
    accountIdByName(name) {
      const account = accounts.find((a) => a.name === name)
      if (!account) throw new Error(`no account ${name}`)
      return account.id
    },
  }
}

function isNote(value: Note | Response | Promise<Response>): value is Note {
  return typeof value === 'object' && value !== null && 'title' in value
}
