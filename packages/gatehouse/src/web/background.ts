/**
 * Work started after a response, tracked so that shutdown and tests can wait for it.
 */
export class BackgroundTasks {
  private readonly pending = new Set<Promise<void>>()

  /**
   * Runs `task` on a later turn of the event loop (a timer: every runtime has one). A microtask
   * would not do: on SQLite the task's queries settle in microtasks interleaved with the rest of
   * the response, so the response would wait for, and its timing reveal, what the task found.
   */
  run(task: () => Promise<void>): void {
    const running = new Promise<void>((resolve) => setTimeout(resolve, 0))
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
