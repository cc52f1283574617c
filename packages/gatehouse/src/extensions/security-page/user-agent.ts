/** A browser and operating system as a person recognises them, read from a User-Agent header. */
export interface DeviceDescription {
  /** `Firefox 128`, `Chrome 126`, `Safari 17`… or null when nothing is recognised. */
  readonly browser: string | null
  /** `Windows`, `macOS`, `iOS`, `Android`, `ChromeOS`, `Linux`… or null. */
  readonly os: string | null
}

// Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", iOS also says "Mac OS X".
const BROWSERS: ReadonlyArray<readonly [string, RegExp]> = [
  ['Edge', /\bEdg(?:e|A|iOS)?\/(\d+)/],
  ['Opera', /\b(?:OPR|Opera)\/(\d+)/],
  ['Samsung Internet', /\bSamsungBrowser\/(\d+)/],
  ['Firefox', /\b(?:Firefox|FxiOS)\/(\d+)/],
  ['Chrome', /\b(?:Chrome|CriOS|HeadlessChrome)\/(\d+)/],
  ['Safari', /\bVersion\/(\d+)[.\d]* (?:Mobile\/\S+ )?Safari\//],
  ['curl', /^curl\/(\d+)/],
]

const SYSTEMS: ReadonlyArray<readonly [string, RegExp]> = [
  ['iOS', /\b(?:iPhone|iPad|iPod)\b/],
  ['Android', /\bAndroid\b/],
  ['ChromeOS', /\bCrOS\b/],
  ['Windows', /\bWindows\b/],
  ['macOS', /\bMac OS X\b|\bMacintosh\b/],
  ['Linux', /\bLinux\b/],
]

/**
 * Names the browser and system of a User-Agent header, well enough for a person to tell their
 * sessions apart (not for feature detection). Unknown parts are null, never a guess.
 *
 * @example
 * describeUserAgent('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')
 * // { browser: 'Firefox 128', os: 'Linux' }
 */
export function describeUserAgent(userAgent: string): DeviceDescription {
  const browser = BROWSERS.map(([name, pattern]) => {
    const match = pattern.exec(userAgent)
    return match ? `${name} ${match[1]}` : null
  }).find((found) => found !== null)
  const os = SYSTEMS.find(([, pattern]) => pattern.test(userAgent))?.[0] ?? null
  return { browser: browser ?? null, os }
}

/** `Firefox 128 on Linux`, `Chrome 126`, `Linux`, or the fallback when nothing is recognised. */
export function deviceLabel(userAgent: string | null, fallback: string): string {
  if (!userAgent) return fallback
  const { browser, os } = describeUserAgent(userAgent)
  if (browser && os) return `${browser} on ${os}`
  return browser ?? os ?? fallback
}
