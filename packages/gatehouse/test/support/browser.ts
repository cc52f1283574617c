/**
 * A tiny cookie-keeping client for HTTP tests: it calls `fetch`-style handlers (`app.request`
 * or `gatehouse.fetch`) without a port, keeps cookies like a browser, and fills CSRF tokens
 * from the last page it saw.
 */
export type FetchHandler = (request: Request) => Response | Promise<Response>

export interface SubmitOptions {
  /** `_method` override for an HTML form (patch, delete). */
  readonly method?: 'patch' | 'put' | 'delete'
  /** Leave the CSRF token out (to test that the request is refused). */
  readonly csrf?: boolean
  readonly headers?: Record<string, string>
}

export class TestBrowser {
  readonly cookies = new Map<string, string>()
  lastHtml = ''

  constructor(
    private readonly handler: FetchHandler,
    readonly origin = 'http://localhost:4000',
  ) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    if (this.cookies.size > 0 && !headers.has('cookie')) {
      headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '))
    }
    const response = await this.handler(new Request(new URL(path, this.origin), { ...init, headers, redirect: 'manual' }))
    this.storeCookies(response)
    return response
  }

  /** GET a page and remember its HTML (for the CSRF token of its forms). */
  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const response = await this.request(path, { headers })
    this.lastHtml = await response.clone().text()
    return response
  }

  /** POST an HTML form: `fields` are sent as given (e.g. `user[email]`), plus `_csrf_token`. */
  async submit(path: string, fields: Record<string, string>, options: SubmitOptions = {}): Promise<Response> {
    const body = new URLSearchParams(fields)
    if (options.method) body.set('_method', options.method)
    if (options.csrf !== false) body.set('_csrf_token', this.csrfToken())
    const response = await this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
      body: body.toString(),
    })
    if (!isRedirect(response.status)) this.lastHtml = await response.clone().text()
    return response
  }

  /** The CSRF token of the last page's forms. */
  csrfToken(): string {
    const match = /name="_csrf_token" value="([^"]+)"/.exec(this.lastHtml)
    if (!match?.[1]) throw new Error('no CSRF token on the last page: GET a page with a form first')
    return match[1]
  }

  /** Registers through the real form and returns the final response (302 on success). */
  async register(fields: { email: string; password: string; account_name: string; password_confirmation?: string }, requestPath?: string) {
    const query = requestPath ? `?request_path=${encodeURIComponent(requestPath)}` : ''
    await this.get(`/registration/new${query}`)
    return this.submit(`/registration${query}`, {
      'user[email]': fields.email,
      'user[password]': fields.password,
      'user[password_confirmation]': fields.password_confirmation ?? fields.password,
      'user[account_name]': fields.account_name,
    })
  }

  async signIn(email: string, password: string, requestPath?: string) {
    const query = requestPath ? `?request_path=${encodeURIComponent(requestPath)}` : ''
    await this.get(`/session/new${query}`)
    return this.submit(`/session${query}`, { 'user[email]': email, 'user[password]': password })
  }

  async signOut() {
    await this.get('/registration/edit')
    return this.submit('/session', {}, { method: 'delete' })
  }

  private storeCookies(response: Response) {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a))
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }
}

export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400
}
