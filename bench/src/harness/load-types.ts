/** Latency quantiles in milliseconds. */
export interface Latency {
  readonly p50: number
  readonly p90: number
  readonly p99: number
  readonly max: number
}

/** A closed-loop page run (autocannon): as many requests as `connections` can get answered. */
export interface PageRun {
  readonly origin: string
  readonly path: string
  /** Several paths instead of one: request `i` goes to `paths[i % paths.length]`. */
  readonly paths?: readonly string[]
  /** Cookie headers, one per request in turn (each a whole `Cookie:` value). */
  readonly cookies: readonly string[]
  readonly connections: number
  readonly seconds?: number
  /** Stop after this many requests instead of after `seconds`. */
  readonly amount?: number
}

export interface PageResult {
  readonly requests: number
  readonly seconds: number
  readonly perSecond: number
  /** autocannon's quantiles, whole milliseconds. */
  readonly latency: Latency
  readonly non2xx: number
  readonly errors: number
  readonly timeouts: number
  /** Response bytes (headers and body) per request, to check every contender sent the same page. */
  readonly bytesPerResponse: number
  /** CPU µs the server process spent per request (`cpuMicros`), where the scenario asked for it. */
  readonly serverCpuPerRequest?: number
}

/** A form posted again and again; `{user}` and `{unique}` in the body are replaced per request. */
export interface FormRecipe {
  readonly path: string
  readonly contentType: string
  readonly body: string
  readonly headers?: Readonly<Record<string, string>>
  readonly expectStatus: number
  /** `{user}` cycles over 1..users (7 digits, as in dataset.ts). */
  readonly users?: number
  /** `{unique}` is this prefix and a counter: a new email and account name per registration. */
  readonly uniquePrefix?: string
}

/** `clients` concurrent clients, each posting as soon as its previous answer came (or at `perClientRate`). */
export interface FormRun {
  readonly origin: string
  readonly recipe: FormRecipe
  readonly clients: number
  readonly seconds: number
  /** Requests per second per client; unset: closed loop, as fast as answered. */
  readonly perClientRate?: number
}

export interface FormResult {
  readonly completed: number
  readonly unexpected: number
  readonly errors: number
  readonly seconds: number
  readonly perSecond: number
  readonly latency: Latency
  /** The first answer that was not `expectStatus`, to say why a run failed. */
  readonly firstUnexpected?: string
}

/** An open-loop page run at a fixed rate, with latency measured exactly (not in whole ms). */
export interface PacedRun {
  readonly origin: string
  readonly path: string
  readonly cookies: readonly string[]
  readonly rate: number
  readonly seconds: number
  readonly connections: number
}

export interface PacedResult {
  readonly sent: number
  readonly completed: number
  readonly unexpected: number
  readonly errors: number
  /** From the moment each request was due, so queueing in the client counts too. */
  readonly latency: Latency
}
