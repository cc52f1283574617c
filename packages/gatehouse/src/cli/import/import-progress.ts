import type { CliOutput } from '../command.ts'

const BAR_WIDTH = 30

/** Progress of an import, by bytes of the file read (the row count is not known in advance). */
export interface ImportProgress {
  update(bytesRead: number, rows: number): void
  finish(): void
}

/**
 * On a terminal, a bar redrawn in place (`[██████░░░] 60% 6000 rows`); in logs, one plain line
 * per tenth of the file, so CI output stays short.
 *
 * @example
 * const progress = createImportProgress(out, fileSize)
 * progress.update(bytesRead, rowsDone)
 */
export function createImportProgress(out: CliOutput, totalBytes: number): ImportProgress {
  const live = out.liveLine
  let lastTenth = 0
  let lastDraw = 0
  const percent = (bytes: number) => (totalBytes === 0 ? 100 : Math.min(100, Math.floor((bytes / totalBytes) * 100)))
  return {
    update(bytesRead, rows) {
      const p = percent(bytesRead)
      if (live) {
        const now = performance.now()
        if (now - lastDraw < 100 && p < 100) return
        lastDraw = now
        const filled = Math.round((p / 100) * BAR_WIDTH)
        live(`importing [${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${String(p).padStart(3)}% ${rows} rows`)
        return
      }
      const tenth = Math.floor(p / 10)
      if (tenth > lastTenth) {
        lastTenth = tenth
        out.error(`importing: ${tenth * 10}% of the file, ${rows} rows`)
      }
    },
    finish() {
      live?.('')
    },
  }
}
