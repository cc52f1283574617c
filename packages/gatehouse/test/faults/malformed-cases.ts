/**
 * Hostile and malformed requests for every route of an app: generated from the route table,
 * so a new route is covered without touching this file. Each case is a plain description; the
 * runner adds the identity (anonymous or signed in) and a valid CSRF token, so the requests get
 * past the CSRF wall and reach the handlers.
 */

export interface RouteEntry {
  readonly method: string
  readonly path: string
}

export interface MalformedCase {
  readonly name: string
  readonly method: string
  /** Path and query, already encoded as sent. */
  readonly target: string
  readonly headers: Readonly<Record<string, string>>
  /** Raw body bytes; the runner adds `_csrf_token` to form bodies when `csrfInBody`. */
  readonly body: Uint8Array | null
  /** Put a valid `_csrf_token` first in this urlencoded body (else it goes in `x-csrf-token`). */
  readonly csrfInBody: boolean
  /** Cookies replacing (or added to) the identity's: name → raw value. */
  readonly cookies: Readonly<Record<string, string>> | null
  /** A whole Cookie header replacing the identity's. */
  readonly rawCookieHeader?: string
}

const STATE_CHANGING = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])
const FORM_TYPE = 'application/x-www-form-urlencoded'
const encoder = new TextEncoder()

/** Every field name Gatehouse's and the tutorial's forms read, plus the hidden ones. */
export const FIELD_NAMES = [
  'user[email]',
  'user[password]',
  'user[password_confirmation]',
  'user[account_name]',
  'user[current_password]',
  'user[role]',
  'user[persistent_session]',
  'secret[key]',
  'secret[value]',
  'two_factor[code]',
  'two_factor[secret]',
  'request_path',
] as const

/** Plausible values; the password is blank so a fuzz case never spends an argon2 hash on it. */
const NORMAL: Record<string, string> = {
  'user[email]': 'fuzz@example.com',
  'user[password]': '',
  'user[password_confirmation]': '',
  'user[account_name]': 'Fuzz',
  'user[current_password]': '',
  'user[role]': 'member',
  'user[persistent_session]': 'true',
  'secret[key]': 'k',
  'secret[value]': 'v',
  'two_factor[code]': '123456',
  'two_factor[secret]': 'v1.a.b.c',
  request_path: '/private',
}

export const REQUEST_PATH_MONSTERS = [
  'http://evil.example',
  '//evil.example',
  '/\\evil.example',
  '/%5Cevil.example',
  '%2F%2Fevil.example',
  '%252F%252Fevil.example',
  '/%09/evil.example',
  '/%00',
  '%zz',
  '%E0%A4%A',
  '%ff%fe',
  'javascript:alert(1)',
  'http://[',
  `/${'a'.repeat(70_000)}`,
  '/' + '%25'.repeat(2000) + '2F',
  '/%0d%0aSet-Cookie:%20x=y',
  '\u2028/private',
]

const PARAM_VALUES: Record<string, readonly string[]> = {
  token: ['A'.repeat(43), 'x', '%00', '%E0%A4%A', '%ff%fe', 'a'.repeat(5000), '..%2F..%2Fetc%2Fpasswd', '%20', '%C0%AE'],
  id: ['1', '0', '-1', '99999999999999999999999', '1e3', '%00', 'abc', '1.5', '%201', '0x10', '9007199254740993'],
}

const COOKIE_VALUES = ['!!!', '"quoted"', '%00', '\u00e9\u00ff', 'a'.repeat(8000), 'AAAA.BBBB', `${'A'.repeat(22)}.${'B'.repeat(43)}`, 'eyJ9.sig', '=', ';;', 'a b']

/**
 * The cases for one route: odd parameters, odd queries, odd cookies, and for state-changing
 * methods odd bodies, content types and `_method` overrides.
 */
export function casesFor(route: RouteEntry, options: { cookieNames: readonly string[]; maxFormBytes: number }): MalformedCase[] {
  const cases: MalformedCase[] = []
  const targets = concretePaths(route.path)
  const [target = route.path] = targets
  const add = (name: string, partial: Partial<MalformedCase>) =>
    cases.push({ name: `${route.method} ${route.path}: ${name}`, method: route.method, target, headers: {}, body: null, csrfInBody: false, cookies: null, ...partial })
  const changing = STATE_CHANGING.has(route.method)
  const normalBody = () => formBytes(NORMAL)
  const formHeaders = { 'content-type': FORM_TYPE }

  for (const path of targets) add(`path ${path.slice(0, 60)}`, { target: path, ...(changing ? { body: normalBody(), headers: formHeaders, csrfInBody: true } : {}) })

  // request_path is read by the pages (GET) and the forms they post (POST).
  const monsters = route.method === 'GET' || route.method === 'POST' ? REQUEST_PATH_MONSTERS : REQUEST_PATH_MONSTERS.slice(0, 3)
  for (const monster of monsters) add(`request_path ${monster.slice(0, 40)}`, { target: `${target}?request_path=${monster}`, ...(changing ? { body: normalBody(), headers: formHeaders, csrfInBody: true } : {}) })
  add('request_path twice', { target: `${target}?request_path=/a&request_path=//evil.example` })
  add('request_path as an array', { target: `${target}?request_path[]=/private&request_path[a]=x` })
  add('huge query string', { target: `${target}?${'a=b&'.repeat(50_000)}` })
  add('deep query keys', { target: `${target}?${'user' + '[a]'.repeat(500)}=x` })
  add('broken percent-encoding in the query', { target: `${target}?%zz=%E0%A4%A&user%5Bemail%5D=%ff%fe` })
  add('percent-encoded NUL in the path', { target: `${target}%00` })
  add('dot segments in the path', { target: `${target.replace(/\/$/, '')}/%2e%2e/%2e%2e/x` })

  for (const cookieName of options.cookieNames) {
    for (const value of COOKIE_VALUES) add(`cookie ${cookieName}=${value.slice(0, 12)}`, { cookies: { [cookieName]: value } })
  }
  add('a cookie header without pairs', { rawCookieHeader: 'garbage; ; =; ==; a' })
  add('every cookie twice', { rawCookieHeader: options.cookieNames.flatMap((n) => [`${n}=x`, `${n}=y`]).join('; ') })
  add('two hundred cookies', { rawCookieHeader: Array.from({ length: 200 }, (_, i) => `c${i}=${'v'.repeat(20)}`).join('; ') })

  if (changing) cases.push(...bodyCases(route, target, options.maxFormBytes))
  if (route.path.startsWith('/api/')) cases.push(...jsonApiCases(route, target, changing))
  return cases
}

/** Token routes: odd `Authorization` headers, and for state-changing methods hostile JSON bodies. */
function jsonApiCases(route: RouteEntry, target: string, changing: boolean): MalformedCase[] {
  const cases: MalformedCase[] = []
  const json = { 'content-type': 'application/json' }
  const add = (name: string, partial: Partial<MalformedCase>) =>
    cases.push({ name: `${route.method} ${route.path}: ${name}`, method: route.method, target, headers: {}, body: null, csrfInBody: false, cookies: null, ...partial })
  const split = `${'A'.repeat(22)}.${'B'.repeat(43)}`
  for (const value of ['', 'Bearer', 'Bearer ', `Bearer ${split}`, split, `Bearer  ${split} extra`, 'Basic dXNlcjpwYXNz', 'x'.repeat(8000), '\u00ff\u00fe', `${split}.${split}`, '%00']) {
    add(`authorization ${value.slice(0, 20)}`, { headers: { authorization: value } })
  }
  if (!changing) return cases
  const bodies: Record<string, string> = {
    'JSON null': 'null',
    'JSON number': '42',
    'JSON string': '"user"',
    'JSON array': '[{"user":{}}]',
    'empty JSON object': '{}',
    'scope null': '{"user":null,"secret":null}',
    'scope an array': '{"user":[],"secret":[]}',
    'fields of every wrong type': '{"user":{"email":["a"],"password":{"$gt":""},"password_confirmation":1,"account_name":true},"secret":{"key":[],"value":{"a":1}}}',
    'NUL in fields': '{"user":{"email":"a\\u0000b@example.com","password":"\\u0000","account_name":"\\u0000"},"secret":{"key":"\\u0000","value":"\\u0000"}}',
    'lone surrogates': '{"user":{"email":"\\ud800@example.com","account_name":"\\udc00"},"secret":{"key":"\\ud800","value":"\\udfff"}}',
    'account_id smuggled': '{"secret":{"key":"k","value":"v","account_id":1},"account_id":1,"user":{"email":"fuzz@example.com","account_id":1}}',
    'deep nesting': `${'['.repeat(5000)}${']'.repeat(5000)}`,
    'truncated JSON': '{"user":{"email":"a@example.com"',
    'trailing garbage': '{"user":{}} xyz',
    'duplicate keys': '{"user":{"email":"a@example.com","email":["b"]}}',
    'huge number': '{"user":{"email":1e999999},"secret":{"key":1e999999}}',
    '__proto__ keys': '{"__proto__":{"user":{"email":"a@example.com"}},"user":{"__proto__":{"email":"x"},"constructor":{}}}',
  }
  for (const [name, text] of Object.entries(bodies)) add(name, { headers: json, body: encoder.encode(text) })
  add('JSON over the size limit', { headers: json, body: encoder.encode(`{"user":{"email":"${'a'.repeat(200_000)}"}}`) })
  add('JSON with a lying content-length', { headers: { ...json, 'content-length': '3' }, body: encoder.encode('{"user":{"email":"a@example.com"}}') })
  add('invalid UTF-8 in JSON', { headers: json, body: concat(encoder.encode('{"user":{"email":"'), Uint8Array.of(0xff, 0xfe, 0xc3, 0x28), encoder.encode('"}}')) })
  add('JSON with a charset', { headers: { 'content-type': 'application/json; charset=utf-16' }, body: encoder.encode('{"user":{}}') })
  add('JSON with a BOM', { headers: json, body: concat(Uint8Array.of(0xef, 0xbb, 0xbf), encoder.encode('{"user":{}}')) })
  return cases
}

function bodyCases(route: RouteEntry, target: string, maxFormBytes: number): MalformedCase[] {
  const cases: MalformedCase[] = []
  const add = (name: string, partial: Partial<MalformedCase>) =>
    cases.push({ name: `${route.method} ${route.path}: ${name}`, method: route.method, target, headers: { 'content-type': FORM_TYPE }, body: null, csrfInBody: true, cookies: null, ...partial })

  for (const field of FIELD_NAMES) {
    // Twice the longest field anything accepts (a secret's value, 10,000 characters).
    add(`overlong ${field}`, { body: formBytes({ ...NORMAL, [field]: 'a'.repeat(Math.min(20_000, maxFormBytes - 2000)) }) })
    add(`NUL in ${field}`, { body: formBytes({ ...NORMAL, [field]: 'a\u0000b@example.com' }) })
    add(`${field}[] array`, { body: encoder.encode(`${enc(field)}[]=x&${enc(field)}[]=y`) })
    add(`${field}[a] object`, { body: encoder.encode(`${enc(field)}[a]=x&${enc(field)}[b][c]=y`) })
    add(`${field} twice`, { body: encoder.encode(`${enc(field)}=first&${enc(field)}=second`) })
  }
  add('every field a NUL byte', { body: formBytes(Object.fromEntries(FIELD_NAMES.map((f) => [f, '\u0000']))) })
  add('scope itself a string', { body: encoder.encode('user=x&user[]=y&secret=z') })
  add('deeply nested keys', { body: encoder.encode(`${'user' + '[a]'.repeat(2000)}=x`) })
  add('invalid UTF-8 bytes', { body: concat(encoder.encode('user%5Bemail%5D='), Uint8Array.of(0xff, 0xfe, 0xc3, 0x28), encoder.encode('&user%5Baccount_name%5D='), Uint8Array.of(0xe0, 0xa4), encoder.encode('&secret%5Bkey%5D='), Uint8Array.of(0xed, 0xa0, 0x80)) })
  add('percent-encoded invalid UTF-8', { body: encoder.encode('user%5Bemail%5D=%ff%fe&user%5Bpassword%5D=%c3%28&secret%5Bvalue%5D=%ed%a0%80') })
  add('broken percent-encoding', { body: encoder.encode('user%5Bemail=%zz&%E0%A4%A=1&user[email]=%') })
  for (const override of ['delete', 'patch', 'put', 'get', 'head', 'options', 'trace', 'connect', 'DELETE', 'PaTcH', '', 'x'.repeat(1000)]) {
    add(`_method=${override.slice(0, 12)}`, { body: formBytes({ ...NORMAL, _method: override }) })
  }
  add('_method twice', { body: encoder.encode('_method=delete&_method=patch&user%5Bemail%5D=a@example.com') })
  add('over the size limit', { body: encoder.encode(`user%5Bemail%5D=${'a'.repeat(maxFormBytes + 1)}`) })
  add('empty body', { body: new Uint8Array(0) })
  add('no body at all', { body: null })
  add('JSON body', { headers: { 'content-type': 'application/json' }, csrfInBody: false, body: encoder.encode('{"user":{"email":["x"],"password":{"$gt":""}},"_method":"delete"}') })
  add('broken JSON body', { headers: { 'content-type': 'application/json' }, csrfInBody: false, body: encoder.encode('{"user":') })
  add('text/plain body', { headers: { 'content-type': 'text/plain' }, csrfInBody: false, body: formBytes(NORMAL) })
  add('no content type', { headers: {}, csrfInBody: false, body: formBytes(NORMAL) })
  add('garbage content type', { headers: { 'content-type': ';;;=/' }, csrfInBody: false, body: formBytes(NORMAL) })
  add('form in UTF-16', { headers: { 'content-type': `${FORM_TYPE}; charset=utf-16` }, body: formBytes(NORMAL) })
  add('gzip-encoded garbage', { headers: { 'content-type': FORM_TYPE, 'content-encoding': 'gzip' }, body: formBytes(NORMAL) })
  add('multipart without a boundary', { headers: { 'content-type': 'multipart/form-data' }, csrfInBody: false, body: encoder.encode('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--\r\n') })
  add('multipart with a wrong boundary', { headers: { 'content-type': 'multipart/form-data; boundary=abc' }, csrfInBody: false, body: encoder.encode('--xyz\r\nContent-Disposition: form-data; name="user[email]"\r\n\r\nb\r\n--xyz--\r\n') })
  add('multipart cut short', { headers: { 'content-type': 'multipart/form-data; boundary=abc' }, csrfInBody: false, body: encoder.encode('--abc\r\nContent-Disposition: form-data; name="user[email]"\r\n\r\nb') })
  add('multipart with a file where a string is expected', {
    headers: { 'content-type': 'multipart/form-data; boundary=abc' },
    csrfInBody: false,
    body: encoder.encode('--abc\r\nContent-Disposition: form-data; name="user[email]"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nx\r\n--abc--\r\n'),
  })
  return cases
}

/** The route's path with each `:param` replaced by ordinary and hostile values (one per value). */
function concretePaths(path: string): string[] {
  const params = [...path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1] ?? '')
  if (params.length === 0) return [path.replace(/\*$/, 'x')]
  const [first = ''] = params
  const values = PARAM_VALUES[first] ?? PARAM_VALUES.id ?? []
  return values.map((value) => path.replace(/:([A-Za-z_]+)/g, () => value))
}

function formBytes(fields: Record<string, string>): Uint8Array {
  return encoder.encode(new URLSearchParams(fields).toString())
}

function enc(name: string): string {
  return encodeURIComponent(name)
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0))
  let at = 0
  for (const part of parts) {
    all.set(part, at)
    at += part.byteLength
  }
  return all
}
