import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { characterCount, checkLength, FieldErrorsBuilder } from './field-errors.ts'

describe('FieldErrorsBuilder', () => {
  test('should collect errors per field in order', () => {
    const errors = new FieldErrorsBuilder<'email' | 'password'>()
    assert.equal(errors.has(), false)
    errors.add('email', { code: 'blank' }).add('email', { code: 'taken' }).add('password', { code: 'too_short', count: 12 })
    assert.deepEqual(errors.errors, { email: [{ code: 'blank' }, { code: 'taken' }], password: [{ code: 'too_short', count: 12 }] })
  })

  test('should tell whether there is any error, or any for one field', () => {
    const errors = new FieldErrorsBuilder<'email' | 'password'>()
    errors.add('email', { code: 'blank' })
    assert.equal(errors.has(), true)
    assert.equal(errors.has('email'), true)
    assert.equal(errors.has('password'), false)
  })
})

describe('characterCount', () => {
  test('should count code points, so an emoji is one character', () => {
    assert.equal(characterCount(''), 0)
    assert.equal(characterCount('abc'), 3)
    assert.equal(characterCount('😀'), 1)
    assert.equal('😀'.length, 2)
    assert.equal(characterCount('a😀b'), 3)
  })
})

describe('checkLength', () => {
  const check = (value: string, min: number, max: number) => {
    const errors = new FieldErrorsBuilder<'f'>()
    checkLength(errors, 'f', value, min, max)
    return errors.errors
  }

  test('should accept both bounds and report too_short or too_long with the limit', () => {
    assert.deepEqual(check('ab', 2, 4), {})
    assert.deepEqual(check('abcd', 2, 4), {})
    assert.deepEqual(check('a', 2, 4), { f: [{ code: 'too_short', count: 2 }] })
    assert.deepEqual(check('abcde', 2, 4), { f: [{ code: 'too_long', count: 4 }] })
    assert.deepEqual(check('😀😀😀😀', 2, 4), {})
  })
})
