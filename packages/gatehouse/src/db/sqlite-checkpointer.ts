import { stat } from 'node:fs'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** A background checkpointer of one SQLite file; see `startSqliteCheckpointer`. */
export interface SqliteCheckpointer {
  /** Whether a checkpointing thread is running (it starts once the WAL first grows). */
  readonly running: boolean
  /** Stops watching and terminates the thread; every call resolves once it is gone. */
  stop(): Promise<void>
}

export interface SqliteCheckpointerOptions {
  /** How often the thread runs `PRAGMA wal_checkpoint(PASSIVE)`. */
  readonly intervalMs?: number
  /** The thread starts the first time the WAL file is at least this big (checked every second). */
  readonly startAtWalBytes?: number
  /** Called once if the thread died too often and was left off. */
  readonly onGiveUp?: () => void
}

// CommonJS, evaluated in the thread. PASSIVE copies what it can without waiting for readers or
// writers (so it never needs the busy handler); the busy timeout covers opening the file.
const THREAD_SOURCE = `
const { workerData } = require('node:worker_threads')
const Database = require(workerData.betterSqlite3Path)
const database = new Database(workerData.path, { fileMustExist: true })
database.pragma('busy_timeout = 5000')
database.pragma('synchronous = NORMAL')
const checkpoint = database.prepare('PRAGMA wal_checkpoint(PASSIVE)')
setInterval(() => checkpoint.get(), workerData.intervalMs)
`

const WATCH_INTERVAL_MS = 1000
const MAX_RESTARTS = 3
let betterSqlite3Path: string | undefined

/**
 * Checkpoints an SQLite file in WAL mode from a thread of its own, so the checkpoint's fsyncs
 * (of the WAL and of the database file) never stall the event loop the way SQLite's automatic
 * checkpoint does inside whichever write crosses its threshold. Raise the app connection's
 * `wal_autocheckpoint` to a backstop rather than 0: it bounds the WAL if the thread falls
 * behind or is given up on.
 *
 * Cheap for short-lived processes: the thread (its own connection, every `intervalMs`) starts
 * only once the WAL first reaches `startAtWalBytes`. It never keeps the process alive; a thread
 * that dies is restarted at most three times, then left off with one line on stderr.
 *
 * @example
 * const database = new BetterSqlite3('./data/app.sqlite')
 * database.pragma('journal_mode = WAL')
 * database.pragma('wal_autocheckpoint = 10000')
 * const checkpointer = startSqliteCheckpointer('./data/app.sqlite')
 * // … on shutdown:
 * await checkpointer.stop()
 * database.close()
 */
export function startSqliteCheckpointer(path: string, options: SqliteCheckpointerOptions = {}): SqliteCheckpointer {
  const { intervalMs = 250, startAtWalBytes = 1024 * 1024, onGiveUp } = options
  let worker: Worker | undefined
  let restarts = 0
  let stopping: Promise<void> | undefined

  const watch = setInterval(function watchWalSize() {
    stat(`${path}-wal`, (error, stats) => {
      if (!error && stats.size >= startAtWalBytes && !worker && !stopping) start()
    })
  }, WATCH_INTERVAL_MS)
  watch.unref()

  function start(): void {
    clearInterval(watch)
    betterSqlite3Path ??= createRequire(import.meta.url).resolve('better-sqlite3')
    // execArgv: [] keeps the parent's loaders (tsx) out of a thread that needs none.
    const thread = new Worker(THREAD_SOURCE, { eval: true, execArgv: [], workerData: { betterSqlite3Path, path, intervalMs } })
    thread.unref()
    let failure = 'exited'
    thread.on('error', (error) => (failure = error instanceof Error ? error.message : String(error)))
    thread.on('exit', () => {
      worker = undefined
      if (stopping) return
      if (restarts < MAX_RESTARTS) {
        restarts += 1
        start()
        return
      }
      console.error(`[gatehouse] the SQLite checkpointer of ${path} stopped (${failure}) and is left off; SQLite checkpoints by itself`)
      onGiveUp?.()
    })
    worker = thread
  }

  return {
    get running() {
      return worker !== undefined
    },
    stop() {
      clearInterval(watch)
      stopping ??= worker ? worker.terminate().then(() => undefined) : Promise.resolve()
      return stopping
    },
  }
}
