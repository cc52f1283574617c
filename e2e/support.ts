import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { Browser } from 'playwright-core'
import { skipReason } from '../packages/gatehouse/test/support/services.ts'
import { startTutorialServer as startTutorialProcess } from '../packages/gatehouse/test/support/tutorial-server.ts'

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const root = new URL('..', import.meta.url).pathname

/** Null when Chromium is installed, else why the browser suites are skipped (thrown in CI). */
export function chromiumSkipReason(): string | null {
  return skipReason('Chromium', existsSync(chromiumPath) ? null : `${chromiumPath} not found (apt-get install -y chromium)`)
}

/** Headless Chromium with the flags this sandbox needs (no background network, no sandbox as root). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

/** The tutorial app as `npm start` runs it, on a free port with its own SQLite file; `env` adds variables (`GATEHOUSE_EMAIL_CONFIRMATION`). */
export async function startTutorialServer(env: Record<string, string> = {}): Promise<{ url: string; databasePath: string; stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-'))
  const databasePath = join(dataDir, 'e2e.sqlite')
  const server = await startTutorialProcess({
    env: { DATABASE_URL: `sqlite:${databasePath}`, GATEHOUSE_SECRET: 'e2e-secret-that-is-long-enough-for-gatehouse', REDIS_URL: undefined, ...env },
  })
  return { url: server.publicUrl, databasePath, stop: server.stop }
}

export const artifactsDir = join(root, 'e2e', 'artifacts')
