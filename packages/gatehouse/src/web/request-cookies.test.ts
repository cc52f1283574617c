import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import { cookiesOf, parseCookieHeader } from './request-cookies.ts'
import { requestHasCookie } from './cookies.ts'

const HEADERS = [
  'gatehouse_session=abc.def; gatehouse_csrf=x.y; gatehouse_flash=e30.sig',
  ' gatehouse_session = spaced ;theme=dark',
  'a=1; a=2',
  'a="quoted"; b=%E2%9C%93; c=%ZZ',
  'gatehouse_session=caf\u00e9; gatehouse_session=later',
  'broken; =nameless; gatehouse_csrf="unbalanced',
  '',
]

function contextWith(header: string): Context {
  return new Context(new Request('http://localhost/', header ? { headers: { cookie: header } } : {}))
}

describe('request cookies', () => {
  test("should read every cookie exactly as Hono's getCookie reads it, one name at a time", () => {
    for (const header of HEADERS) {
      const parsed = parseCookieHeader(header)
      const names = new Set([...parsed.names, 'gatehouse_session', 'gatehouse_csrf', 'gatehouse_flash', 'missing'])
      for (const name of names) assert.equal(parsed.values[name], getCookie(contextWith(header), name), `${name} in ${JSON.stringify(header)}`)
    }
  })

  test('should know a cookie is there even when its value cannot be read', () => {
    const parsed = parseCookieHeader('gatehouse_session=caf\u00e9; theme=dark')
    assert.equal(parsed.values.gatehouse_session, undefined)
    assert.equal(parsed.names.has('gatehouse_session'), true)
    assert.equal(requestHasCookie(contextWith('gatehouse_session=caf\u00e9'), 'gatehouse_session'), true)
    assert.equal(requestHasCookie(contextWith('theme=dark'), 'gatehouse_session'), false)
  })

  test('should parse the header once per request and keep the result on the context', () => {
    const c = contextWith('gatehouse_session=abc')
    const first = cookiesOf(c)
    assert.equal(first.values.gatehouse_session, 'abc')
    assert.equal(cookiesOf(c), first)
    assert.equal(c.get('requestCookies'), first)
  })
})
