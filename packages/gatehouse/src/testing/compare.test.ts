import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { csrfTokenIn } from './client.ts'
import { differenceBetween, normalizeText, shapeOf } from './compare.ts'
import { fieldsFor, patternRegex, postFormsIn } from './forms.ts'

describe('normalizeText', () => {
  test('should blank CSRF token values in either attribute order, and the csrf-token meta tag', () => {
    const page = (t: string) =>
      `<meta name="csrf-token" content="${t}"><input type="hidden" name="_csrf_token" value="${t}"><input value='${t}' name='_csrf_token'><input name="other" value="${t}">`
    assert.equal(normalizeText(page('one')), normalizeText(page('two')).replace(/two/g, 'one'))
    assert.equal(normalizeText(page('one')), `<meta name="csrf-token" content=""><input type="hidden" name="_csrf_token" value=""><input value="" name='_csrf_token'><input name="other" value="one">`)
  })

  test('should blank a differently named CSRF field when told its name', () => {
    assert.equal(normalizeText('<input name="authenticity_token" value="x">', { csrfField: 'authenticity_token' }), '<input name="authenticity_token" value="">')
  })

  test('should replace the request path, encoded or not, so pages that echo their URL compare equal', () => {
    const a = normalizeText('<a href="/notes/12/edit">/notes/12</a>', { path: '/notes/12' })
    const b = normalizeText('<a href="/notes/999/edit">/notes/999</a>', { path: '/notes/999' })
    assert.equal(a, b)
    assert.equal(normalizeText('No note at /notes/\u0000', { path: '/notes/%00' }), 'No note at {path}')
  })

  test("should apply the caller's normalize last", () => {
    assert.equal(normalizeText('at 12:01', { normalize: (body) => body.replace(/\d\d:\d\d/, 'HH:MM') }), 'at HH:MM')
  })
})

describe('differenceBetween', () => {
  const shape = (overrides: Partial<Parameters<typeof differenceBetween>[0]> = {}) => ({ status: 404, location: null, contentType: 'text/html', cookieNames: [], body: 'Not found', ...overrides })

  test('should call equal shapes the same', () => {
    assert.equal(differenceBetween(shape(), shape()), null)
  })

  test('should name the first difference: status, Location, Content-Type, cookies, then body', () => {
    const labels = ["B's id", 'a missing id'] as const
    assert.equal(differenceBetween(shape({ status: 403 }), shape(), labels), "status 403 for B's id, 404 for a missing id")
    assert.equal(differenceBetween(shape({ location: '/x' }), shape(), labels), `Location "/x" for B's id, null for a missing id`)
    assert.match(differenceBetween(shape({ contentType: 'application/json' }), shape(), labels) ?? '', /^Content-Type/)
    assert.equal(differenceBetween(shape({ cookieNames: ['flash'] }), shape(), labels), "cookies set [flash] for B's id, [] for a missing id")
    assert.equal(differenceBetween(shape({ body: 'Not yours' }), shape(), labels), `bodies differ at character 4: "Not yours" for B's id, "Not found" for a missing id`)
  })

  test('should read a response into a shape without consuming it, dropping the origin of Location', async () => {
    const response = new Response('<input name="_csrf_token" value="abc">', {
      status: 302,
      headers: [
        ['location', 'http://localhost:4000/notes/5'],
        ['set-cookie', 'flash=1; Path=/'],
        ['set-cookie', 'csrf=2; Path=/'],
      ],
    })
    const result = await shapeOf(response, { path: '/notes/5' })
    assert.deepEqual(result, { status: 302, location: '{path}', contentType: 'text/plain;charset=UTF-8', cookieNames: ['csrf', 'flash'], body: '<input name="_csrf_token" value="">' })
    assert.equal(await response.text(), '<input name="_csrf_token" value="abc">')
  })
})

describe('form discovery', () => {
  const page = `
    <form action="/session" method="post"><input type="hidden" name="_csrf_token" value="t"><input type="hidden" name="_method" value="delete"></form>
    <form action="/search" method="get"><input name="q"></form>
    <form action="/notes/7" method="post" novalidate>
      <input type="hidden" name="_csrf_token" value="t"><input type="hidden" name="_method" value="patch">
      <input type="hidden" name="note[kind]" value="plain">
      <input id="t" type="text" name="note[title]" value="old"><textarea name="note[body]">old</textarea>
      <input type="email" name="note[owner_email]"><input type="checkbox" name="note[pinned]" value="1">
      <select name="note[colour]"><option value="red">Red</option><option value="blue">Blue</option></select>
      <input type="submit" name="commit" value="Save"><input name="note[locked]" disabled>
    </form>
    <form action="/notes/7" method="post"><input type="hidden" name="_csrf_token" value="t"><input type="hidden" name="_method" value="delete"></form>
    <form action="http://localhost/notes?x=1" method="post"><input type="hidden" name="_csrf_token" value="t"><input name="note[title]"></form>`

  test('should fill editable fields with the marker, keep hidden ones and leave out CSRF, _method, buttons and GET forms', () => {
    const forms = postFormsIn(page, 'iso-a-m')
    assert.deepEqual(
      forms.map((f) => [f.action, f.method, f.editable]),
      [
        ['/session', 'DELETE', 0],
        ['/notes/7', 'PATCH', 4],
        ['/notes/7', 'DELETE', 0],
        ['/notes', 'POST', 1],
      ],
    )
    assert.deepEqual(forms[1]?.fields, {
      'note[kind]': 'plain',
      'note[title]': 'iso-a-m-title',
      'note[body]': 'iso-a-m-body',
      'note[owner_email]': 'iso-a-m@example.com',
      'note[colour]': 'red',
    })
  })

  test('should pick the form of the route: same method first, PATCH for PUT, else the richest non-delete form', () => {
    const forms = postFormsIn(page, 'm')
    assert.equal(fieldsFor(forms, 'PATCH', '/notes/:id')?.['note[title]'], 'm-title')
    assert.equal(fieldsFor(forms, 'PUT', '/notes/:id')?.['note[title]'], 'm-title')
    assert.equal(fieldsFor(forms, 'POST', '/notes/:id')?.['note[title]'], 'm-title')
    assert.deepEqual(fieldsFor(forms, 'DELETE', '/notes/:id'), {})
    assert.deepEqual(fieldsFor(forms, 'POST', '/notes'), { 'note[title]': 'm-title' })
    assert.equal(fieldsFor(forms, 'POST', '/elsewhere'), undefined)
  })

  test('should match concrete paths against route patterns', () => {
    assert.ok(patternRegex('/notes/:id/edit').test('/notes/12/edit'))
    assert.ok(patternRegex('/notes/:id{[0-9]+}').test('/notes/12'))
    assert.ok(!patternRegex('/notes/:id').test('/notes/12/edit'))
    assert.ok(!patternRegex('/notes.json').test('/notesxjson'))
  })

  test('should find the CSRF token whatever the attribute order', () => {
    assert.equal(csrfTokenIn(`<input value="v1" type="hidden" name="_csrf_token">`), 'v1')
    assert.equal(csrfTokenIn('<p>no form</p>'), undefined)
  })
})
