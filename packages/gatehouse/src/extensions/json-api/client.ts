/**
 * A typed client for Gatehouse's JSON API, for browsers, mobile apps and other TypeScript
 * front ends (the package's `/client` entry). It depends on nothing but `fetch`: the shapes are
 * types of the very schemas the server validates with and documents.
 */
import type { ApiErrorBody, Me, RegistrationInput, SignInInput, TokenPair } from './schemas.ts'

export type { ApiErrorBody, Me, RegistrationInput, SignInInput, TokenPair }

/** An answer: the `data` of a 2xx, or the `error` of anything else (a network failure throws). */
export type ApiResult<T> = { readonly ok: true; readonly status: number; readonly data: T } | { readonly ok: false; readonly status: number; readonly error: ApiErrorBody }

/** Where the client keeps the tokens: memory by default; pass one backed by secure storage on mobile. */
export interface TokenStore {
  get(): TokenPair | null
  set(tokens: TokenPair | null): void
}

export interface GatehouseClientOptions {
  /** The app's origin (`https://app.example.com`); empty for the page's own origin. */
  readonly baseUrl?: string
  readonly fetch?: typeof fetch
  readonly tokens?: TokenStore
}

/** What `createGatehouseClient` returns. */
export interface GatehouseClient {
  /** Registers an account and its owner; on success the tokens are kept. */
  register(user: RegistrationInput): Promise<ApiResult<TokenPair>>
  /** Signs in; on success the tokens are kept. */
  signIn(user: SignInInput): Promise<ApiResult<TokenPair>>
  /** Trades the renewal token for new tokens (once); on failure the tokens are dropped. */
  renew(): Promise<ApiResult<TokenPair>>
  /** Signs out (both tokens stop working) and drops them. */
  signOut(): Promise<ApiResult<Record<string, never>>>
  me(): Promise<ApiResult<Me>>
  /**
   * Any authenticated API call (an app's own resources): sends the access token, and on a 401
   * renews once and retries.
   *
   * @example
   * const secrets = await client.request<Secret[]>('GET', '/api/v1/secrets')
   */
  request<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<ApiResult<T>>
  /** Whether tokens are kept (signed in, as far as the client knows). */
  signedIn(): boolean
}

/** Tokens kept in memory only. */
export function memoryTokenStore(): TokenStore {
  let tokens: TokenPair | null = null
  return { get: () => tokens, set: (next) => void (tokens = next) }
}

/**
 * @example
 * const client = createGatehouseClient({ baseUrl: 'https://app.example.com' })
 * const signedIn = await client.signIn({ email, password })
 * if (!signedIn.ok) show(signedIn.error.message)
 * const me = await client.me()
 */
export function createGatehouseClient(options: GatehouseClientOptions = {}): GatehouseClient {
  const baseUrl = (options.baseUrl ?? '').replace(/\/$/, '')
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init))
  const store = options.tokens ?? memoryTokenStore()

  async function send<T>(method: string, path: string, body: unknown, token: string | null): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (token) headers.authorization = `Bearer ${token}`
    const response = await doFetch(`${baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
    const parsed = (await response.json().catch(() => null)) as { data?: T; error?: ApiErrorBody } | null
    if (response.ok && parsed && 'data' in parsed) return { ok: true, status: response.status, data: parsed.data as T }
    return { ok: false, status: response.status, error: parsed?.error ?? { status: response.status, message: response.statusText || 'Unexpected answer' } }
  }

  const keep = (result: ApiResult<TokenPair>) => {
    if (result.ok) store.set(result.data)
    return result
  }

  let renewing: Promise<ApiResult<TokenPair>> | null = null
  // One renewal at a time: a renewal token works once, so parallel 401s share it.
  const renew = (): Promise<ApiResult<TokenPair>> => {
    renewing ??= send<TokenPair>('POST', '/api/v1/session/renew', undefined, store.get()?.renewal_token ?? null)
      .then((result) => {
        store.set(result.ok ? result.data : null)
        return result
      })
      .finally(() => {
        renewing = null
      })
    return renewing
  }

  async function request<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    const first = await send<T>(method, path, body, store.get()?.access_token ?? null)
    if (first.ok || first.status !== 401 || !store.get()) return first
    const renewed = await renew()
    return renewed.ok ? send<T>(method, path, body, renewed.data.access_token) : first
  }

  return {
    register: async (user) => keep(await send<TokenPair>('POST', '/api/v1/registration', { user }, null)),
    signIn: async (user) => keep(await send<TokenPair>('POST', '/api/v1/session', { user }, null)),
    renew,
    async signOut() {
      const result = await request<Record<string, never>>('DELETE', '/api/v1/session')
      store.set(null)
      return result
    },
    me: () => request<Me>('GET', '/api/v1/me'),
    request,
    signedIn: () => store.get() !== null,
  }
}
