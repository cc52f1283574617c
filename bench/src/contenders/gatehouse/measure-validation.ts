/** What a `validate` request to the Gatehouse contender measures. */
export interface ValidationRun {
  /** Session tokens (`<id>.<secret>`) to validate, cycled through. */
  readonly tokens: readonly string[]
  readonly seconds: number
  /** Validations in flight at once, as requests are under load (SQLite runs the lookups of one turn together). */
  readonly concurrency: number
}

export interface ValidationResult {
  readonly validations: number
  /** CPU time of this process (every thread) per validation, µs. */
  readonly cpuMicrosPerValidation: number
  readonly wallMicrosPerValidation: number
}

/**
 * Runs the server's own `validateSessionToken` on presented tokens for `seconds`, inside the
 * server process, with no HTTP and no load generator: session validation itself, timed by this
 * process's CPU clock. Every token must validate (a fresh session, so nothing is rotated and
 * nothing written): a refused one fails the run.
 *
 * @example
 * await measureValidation(gatehouse.validateSessionToken, { tokens, seconds: 2, concurrency: 32 })
 */
export async function measureValidation(validate: (token: string) => Promise<unknown>, run: ValidationRun): Promise<ValidationResult> {
  let next = 0
  let validations = 0
  const deadline = performance.now() + run.seconds * 1000
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  async function worker(): Promise<void> {
    while (performance.now() < deadline) {
      const token = run.tokens[next++ % run.tokens.length] as string
      if (!(await validate(token))) throw new Error(`session ${token.slice(0, 8)}… did not validate`)
      validations++
    }
  }
  await Promise.all(Array.from({ length: run.concurrency }, worker))
  const cpu = process.cpuUsage(cpuBefore)
  return {
    validations,
    cpuMicrosPerValidation: (cpu.user + cpu.system) / validations,
    wallMicrosPerValidation: ((performance.now() - started) * 1000) / validations,
  }
}
