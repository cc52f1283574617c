/**
 * The protected page every contender serves: the markup of the tutorial's `/private` page
 * (1,584 bytes for a seeded user), built from a string so that Hono, Gatehouse, better-auth
 * and Express send byte-for-byte the same size and only the authentication differs.
 */
export const PAGE_BYTES = 1584

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] as string)
}

/**
 * @example
 * privatePage('user0000001@example.com', 'Account 0000001').length // 1584
 */
export function privatePage(email: string, accountName: string): string {
  const e = escapeHtml(email)
  const a = escapeHtml(accountName)
  const page =
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>' +
    '<title>Private</title><link rel="stylesheet" href="/assets/app.css?v=4b6e1e7e8be8"/></head>' +
    '<body class="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased"><header class="border-b border-slate-200 bg-white">' +
    '<nav aria-label="Main" class="mx-auto flex max-w-4xl items-center justify-between px-4 py-3"><a href="/" class="text-lg font-bold text-indigo-700">Home</a>' +
    `<div class="flex items-center gap-4 text-sm"><span class="text-slate-600">${e}<span class="text-slate-400"> · ${a}</span></span>` +
    '<a href="/registration/edit" class="text-indigo-700 hover:underline">Edit account</a></div></nav></header>' +
    '<main class="mx-auto max-w-4xl space-y-6 px-4 py-10"><section class="mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-8 shadow-sm">' +
    `<h1 class="mb-6 text-2xl font-bold text-slate-900">Private</h1><p class="text-lg">Welcome ${e}</p>` +
    `<p class="mt-2 text-sm text-slate-600">Account: ${a}</p><p class="mt-6"><a href="/secrets" class="text-indigo-700 hover:underline">Your account&#39;s secrets</a></p>` +
    '</section></main></body></html>'
  // Pad with a comment to the tutorial page's size (its sign-out form is left out: no CSRF cookie is needed).
  const padding = PAGE_BYTES - Buffer.byteLength(page) - '<!---->'.length
  return padding > 0 ? page.replace('</body>', `<!--${' '.repeat(padding)}--></body>`) : page
}
