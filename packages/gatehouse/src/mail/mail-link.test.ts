import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { Hono } from 'hono'
import { mailLink } from './mail-link.ts'

const ORIGIN = 'https://app.example.com'
const SPOOFED = {
  host: 'evil.example',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'http',
  'x-forwarded-port': '8443',
  forwarded: 'host=evil.example;proto=http',
}

describe('mailLink', () => {
  test('should build an absolute link on the configured origin', () => {
    assert.equal(mailLink(ORIGIN, '/reset-password/abc_-123'), 'https://app.example.com/reset-password/abc_-123')
    assert.equal(mailLink('http://localhost:4000', '/invitations/t%2Fk/edit?x=1'), 'http://localhost:4000/invitations/t%2Fk/edit?x=1')
    assert.equal(mailLink('https://app.example.com/some/path?q=1', '/confirm-email/t'), 'https://app.example.com/confirm-email/t', 'only the origin of PUBLIC_URL counts')
  })

  test('should refuse anything but a same-origin path', () => {
    for (const path of ['', 'reset-password/abc', '//evil.example/x', '/\\evil.example/x', 'https://evil.example/x', '/a\nb', '/a\u0000b', 'javascript:alert(1)']) {
      assert.throws(() => mailLink(ORIGIN, path), TypeError, JSON.stringify(path))
    }
  })

  test('should ignore the Host, X-Forwarded-Host and Forwarded headers of the request that sends the mail', async () => {
    const app = new Hono()
    app.post('/invitations', (c) => c.text(mailLink(ORIGIN, '/invitations/tok/edit')))
    for (const url of ['https://app.example.com/invitations', 'http://evil.example/invitations']) {
      const response = await app.request(new Request(url, { method: 'POST', headers: SPOOFED }))
      assert.equal(await response.text(), 'https://app.example.com/invitations/tok/edit')
    }
  })
})
