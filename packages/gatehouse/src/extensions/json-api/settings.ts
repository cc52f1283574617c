/** What `jsonApi(options)` accepts. */
export interface JsonApiOptions {
  /**
   * Origins (`https://app.example.com`) whose pages may call the API from a browser (CORS).
   * None by default: the API answers no cross-origin browser request.
   */
  readonly corsOrigins?: readonly string[]
  /** How long an access token works (default 30 minutes). */
  readonly accessTokenTtlMs?: number
  /** How long a renewal token works (default 30 days; each renewal hands out a new one). */
  readonly renewalTokenTtlMs?: number
  /**
   * How long a replaced renewal token is answered 401 without harm (a client retrying a renewal
   * whose answer it lost); presented later it is taken for a stolen copy and the whole sign-in
   * is revoked. Default 60 seconds.
   */
  readonly renewalGraceMs?: number
  /** The largest JSON body accepted (default 16 KiB); larger ones answer 413. */
  readonly maxBodyBytes?: number
}

export interface JsonApiSettings {
  readonly corsOrigins: readonly string[]
  readonly accessTokenTtlMs: number
  readonly renewalTokenTtlMs: number
  readonly renewalGraceMs: number
  readonly maxBodyBytes: number
}

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

/**
 * Checks the options once, at start-up: a bad one throws a clear error.
 *
 * @example
 * jsonApiSettings({ corsOrigins: ['https://app.example.com'] })
 */
export function jsonApiSettings(options: JsonApiOptions): JsonApiSettings {
  const settings = {
    corsOrigins: [...(options.corsOrigins ?? [])],
    accessTokenTtlMs: options.accessTokenTtlMs ?? 30 * MINUTE,
    renewalTokenTtlMs: options.renewalTokenTtlMs ?? 30 * DAY,
    renewalGraceMs: options.renewalGraceMs ?? MINUTE,
    maxBodyBytes: options.maxBodyBytes ?? 16 * 1024,
  }
  for (const name of ['accessTokenTtlMs', 'renewalTokenTtlMs', 'renewalGraceMs', 'maxBodyBytes'] as const) {
    if (!Number.isSafeInteger(settings[name]) || settings[name] <= 0) throw new Error(`jsonApi: ${name} must be a positive whole number, got ${String(settings[name])}`)
  }
  for (const origin of settings.corsOrigins) {
    let parsed: URL | null = null
    try {
      parsed = new URL(origin)
    } catch {
      parsed = null
    }
    if (!parsed || parsed.origin !== origin) throw new Error(`jsonApi: corsOrigins must be origins like https://app.example.com, got ${JSON.stringify(origin)}`)
  }
  return Object.freeze(settings)
}
