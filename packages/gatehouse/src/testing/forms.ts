import { attributesOf, unescapeHtml } from './client.ts'

/** A form found on a page: where it posts, the method it means, and its fields filled in. */
export interface FoundForm {
  /** The action's path (no origin, no query). */
  readonly action: string
  /** POST, or the `_method` override it carries (PATCH, PUT, DELETE). */
  readonly method: string
  /** Field name → value: editable fields filled from `marker`, hidden ones as the page set them. */
  readonly fields: Record<string, string>
  /** How many editable (non-hidden) fields it has. */
  readonly editable: number
}

const SKIPPED_TYPES = new Set(['submit', 'button', 'image', 'reset', 'file'])

/**
 * The POST forms of a page with every editable field filled with a value containing `marker`
 * (`<marker>@example.com` for email fields, `1` for numbers), hidden fields kept, the CSRF
 * field and `_method` left out. GET forms (search boxes) are ignored.
 */
export function postFormsIn(html: string, marker: string, csrfField = '_csrf_token'): FoundForm[] {
  const forms: FoundForm[] = []
  for (const match of html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/gi)) {
    const source = match[0]
    const formTag = /^<form\b[^>]*>/i.exec(source)?.[0] ?? ''
    const attributes = attributesOf(formTag)
    if ((attributes.method ?? 'get').toLowerCase() !== 'post') continue
    let method = 'POST'
    const fields: Record<string, string> = {}
    let editable = 0
    for (const control of source.matchAll(/<(input|textarea|select)\b[^>]*>/gi)) {
      const kind = (control[1] ?? '').toLowerCase()
      const field = attributesOf(control[0])
      const name = field.name
      if (!name || name === csrfField || 'disabled' in field) continue
      const type = (field.type ?? (kind === 'input' ? 'text' : kind)).toLowerCase()
      if (name === '_method') {
        method = (field.value ?? 'post').toUpperCase()
        continue
      }
      if (SKIPPED_TYPES.has(type)) continue
      if (type === 'hidden') fields[name] = field.value ?? ''
      else if (type === 'checkbox' || type === 'radio') {
        if ('checked' in field) fields[name] = field.value ?? 'on'
      } else if (type === 'select') {
        const rest = source.slice((control.index ?? 0) + control[0].length)
        const option = /<option\b[^>]*>/i.exec(rest.slice(0, rest.search(/<\/select>/i)))
        fields[name] = option ? (attributesOf(option[0]).value ?? '') : ''
        editable++
      } else {
        fields[name] = fillValue(type, name, marker)
        editable++
      }
    }
    forms.push({ action: pathOf(unescapeHtml(attributes.action ?? '')), method, fields, editable })
  }
  return forms
}

/**
 * The fields to send to `method pattern`: those of the form on `pages` whose action matches
 * the pattern and whose method is the route's (PUT and PATCH stand in for each other), else
 * the form on that action with the most editable fields; undefined when no form posts there.
 */
export function fieldsFor(forms: readonly FoundForm[], method: string, pattern: string): Record<string, string> | undefined {
  const regex = patternRegex(pattern)
  const candidates = forms.filter((form) => regex.test(form.action))
  const sameMethod = (m: string) => candidates.filter((form) => form.method === m).sort((a, b) => b.editable - a.editable)[0]
  const chosen =
    sameMethod(method) ??
    (method === 'PUT' ? sameMethod('PATCH') : method === 'PATCH' ? sameMethod('PUT') : undefined) ??
    [...candidates].filter((form) => form.method !== 'DELETE').sort((a, b) => b.editable - a.editable)[0]
  return chosen ? { ...chosen.fields } : undefined
}

/** A regex matching concrete paths of a route pattern (`/secrets/:id` → `/secrets/12`). */
export function patternRegex(pattern: string): RegExp {
  const source = pattern
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/')
  return new RegExp(`^${source}/?$`)
}

function fillValue(type: string, name: string, marker: string): string {
  if (type === 'email') return `${marker}@example.com`
  if (type === 'number' || type === 'range') return '1'
  if (type === 'url') return `https://example.com/${marker}`
  if (type === 'date') return '2026-01-01'
  const short = (/\[([^[\]]+)\]$/.exec(name)?.[1] ?? name).replace(/[^a-zA-Z0-9]+/g, '-')
  return `${marker}-${short}`
}

function pathOf(action: string): string {
  const withoutOrigin = action.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '')
  return withoutOrigin.split(/[?#]/)[0] ?? ''
}
