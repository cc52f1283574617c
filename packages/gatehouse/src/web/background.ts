/**
 * Work started after a response, tracked so that shutdown and tests can wait for it.
 */
export class BackgroundTasks {
  private readonly pending = new Set<Promise<void>>()

  run(task: () => Promise<void>): void {
    const running = Promise.resolve()
      .then(task)
      .catch((error: unknown) => console.error('[gatehouse] background task failed:', error))
      .finally(() => this.pending.delete(running))
    this.pending.add(running)
  }

  /** Resolves once every task started so far (and any they started) has finished. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending])
  }
}
