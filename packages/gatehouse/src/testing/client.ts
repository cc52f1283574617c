/** A fetch-style request handler: `app.fetch`, `app.request`, `gatehouse.fetch`… */
export type FetchHandler = (request: Request) => Response | Promise<Response>

/** Options of `IsolationClient.submit`. */
export interface IsolationSubmitOptions {
  /** Sent as `_method` (an HTML form's way to PATCH, PUT or DELETE). */
  readonly method?: 'patch' | 'put' | 'delete'
  /** Send the CSRF token of the last page (default true). */
  readonly csrf?: boolean
}

/**
 * A browser-like client on a fetch handler: it keeps cookies, remembers the HTML of the last
 * page and fills the CSRF token of that page's forms into what it submits. `seed` and
 * `register` receive one per account.
 *
 * @example
 * await client.get('/secrets/new')
 * const created = await client.submit('/secrets', { 'secret[key]': `${marker} key`, 'secret[value]': marker })
 * created.headers.get('location') // '/secrets/12'
 */
export class IsolationClient {
  readonly cookies = new Map<string, string>()
  /** The body of the last page read with `get` (or of a non-redirect `submit` answer). */
  lastHtml = ''

  constructor(
    private readonly handler: FetchHandler,
    readonly origin: string,
    /** The name of the hidden CSRF field (`_csrf_token`, Phoenix's and Gatehouse's). */
    readonly csrfField = '_csrf_token',
  ) {}

  /** The `Cookie` header this client sends now ('' when it has no cookies). */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  /** Sends one request with this client's cookies and keeps the cookies the answer sets. */
  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    if (this.cookies.size > 0 && !headers.has('cookie')) headers.set('cookie', this.cookieHeader())
    const response = await this.handler(new Request(new URL(path, this.origin), { ...init, headers, redirect: 'manual' }))
    this.storeCookies(response)
    return response
  }

  /** GETs a page and remembers its HTML (for the CSRF token of its forms). */
  async get(path: string): Promise<Response> {
    const response = await this.request(path)
    this.lastHtml = await response.clone().text()
    return response
  }

  /** POSTs an HTML form (`application/x-www-form-urlencoded`) with the last page's CSRF token. */
  async submit(path: string, fields: Record<string, string>, options: IsolationSubmitOptions = {}): Promise<Response> {
    const body = new URLSearchParams(fields)
    if (options.method) body.set('_method', options.method)
    if (options.csrf !== false) {
      const token = this.csrfToken()
      if (token !== undefined) body.set(this.csrfField, token)
    }
    const response = await this.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() })
    if (response.status < 300 || response.status >= 400) this.lastHtml = await response.clone().text()
    return response
  }

  /** The CSRF token in the last page's forms, or undefined when it has none. */
  csrfToken(): string | undefined {
    return csrfTokenIn(this.lastHtml, this.csrfField)
  }

  private storeCookies(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';')
      const eq = pair.indexOf('=')
      if (eq <= 0) continue
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const expired = attributes.some((a) => /^\s*max-age=(0|-\d+)\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a))
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }
}

/** The value of the first hidden input named `field` in `html` (either attribute order). */
export function csrfTokenIn(html: string, field = '_csrf_token'): string | undefined {
  for (const match of html.matchAll(/<input\b[^>]*>/gi)) {
    const attributes = attributesOf(match[0])
    if (attributes.name === field && attributes.value) return attributes.value
  }
  return undefined
}

/** The attributes of one HTML start tag, values unescaped. */
export function attributesOf(tag: string): Record<string, string> {
  const attributes: Record<string, string> = {}
  const inner = tag.replace(/^<[a-zA-Z0-9-]+/, '').replace(/\/?>$/, '')
  for (const match of inner.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    const [, name, double, single, bare] = match
    if (name) attributes[name.toLowerCase()] = unescapeHtml(double ?? single ?? bare ?? '')
  }
  return attributes
}

/** Undoes the escaping HTML templates apply to text and attribute values. */
export function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;|&#34;|&#x22;/gi, '"')
    .replace(/&#39;|&#x27;|&apos;/gi, "'")
    .replace(/&amp;/g, '&')
}
