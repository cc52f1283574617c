import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { inputString } from './input.ts'

describe('inputString', () => {
  test('should return strings unchanged, whitespace included', () => {
    assert.equal(inputString('ada'), 'ada')
    assert.equal(inputString('  '), '  ')
    assert.equal(inputString(''), '')
  })

  test('should read anything that is not a string as empty', () => {
    for (const value of [undefined, null, 0, 42, true, ['ada@example.com'], { email: 'x' }, Symbol('x'), () => 'x', new String('boxed')]) {
      assert.equal(inputString(value), '', String(typeof value))
    }
  })
})
