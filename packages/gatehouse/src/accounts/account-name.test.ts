import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { FieldErrorsBuilder } from '../validation/field-errors.ts'
import { ACCOUNT_NAME_MAX_LENGTH, checkAccountName, normalizeAccountName } from './account-name.ts'

describe('normalizeAccountName', () => {
  test('should trim, collapse inner whitespace and lower-case', () => {
    assert.equal(normalizeAccountName('  Acme   Inc '), 'acme inc')
    assert.equal(normalizeAccountName('Acme\t\n Inc'), 'acme inc')
  })

  test('should fold fullwidth and other compatibility forms (NFKC)', () => {
    assert.equal(normalizeAccountName('ＡＣＭＥ'), 'acme')
    assert.equal(normalizeAccountName('Acme\u00a0Inc'), 'acme inc') // no-break space
    assert.equal(normalizeAccountName('\u3000Acme\u3000'), 'acme') // ideographic space
    assert.equal(normalizeAccountName('ﬁrm'), 'firm') // ligature
  })

  test('should give one key for every spelling of a name', () => {
    const spellings = ['Acme', ' ACME ', 'acme', 'ａｃｍｅ', 'ＡＣＭＥ', '\tAcMe\n']
    assert.deepEqual(new Set(spellings.map(normalizeAccountName)), new Set(['acme']))
  })

  test('should keep different names different', () => {
    assert.notEqual(normalizeAccountName('Acme Inc'), normalizeAccountName('AcmeInc'))
    assert.notEqual(normalizeAccountName('Acme'), normalizeAccountName('Acme 2'))
  })
})

describe('checkAccountName', () => {
  const check = (name: string) => {
    const errors = new FieldErrorsBuilder<'account_name'>()
    checkAccountName(errors, name)
    return errors.errors
  }

  test('should accept an ordinary name and one of exactly 100 characters', () => {
    assert.equal(ACCOUNT_NAME_MAX_LENGTH, 100)
    assert.deepEqual(check('Acme Inc'), {})
    assert.deepEqual(check('x'.repeat(100)), {})
    assert.deepEqual(check('🏢'.repeat(100)), {}, 'characters, not UTF-16 units, are counted')
  })

  test('should report blank, too_long 100 and invalid_format for control characters', () => {
    assert.deepEqual(check(''), { account_name: [{ code: 'blank' }] })
    assert.deepEqual(check('x'.repeat(101)), { account_name: [{ code: 'too_long', count: 100 }] })
    for (const name of ['Acme\u0000', 'Ac\nme', 'Acme\u001b[31m', 'Acme\u007f', 'Acme\u0085']) {
      assert.deepEqual(check(name), { account_name: [{ code: 'invalid_format' }] }, JSON.stringify(name))
    }
  })
})
