import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, test } from 'node:test'
import { hashInvitationToken, lookupHash, newInvitationToken } from './invitation-token.ts'
import { canonicalRole, mayChangeRoles, mayGrant, mayInvite, mayRemove } from './roles.ts'

describe('roles', () => {
  test('should canonicalise a role by trimming and lower-casing it', () => {
    assert.equal(canonicalRole(' ADMIN '), 'admin')
    assert.equal(canonicalRole('Member'), 'member')
    assert.equal(canonicalRole('\towner\n'), 'owner')
  })

  test('should read anything but the three roles as no role', () => {
    for (const raw of ['', ' ', 'superuser', 'admins', 'ad min', 'ＡＤＭＩＮ', 'owner\u0000', '0']) assert.equal(canonicalRole(raw), null, JSON.stringify(raw))
  })

  test('should never let anyone grant a role above their own', () => {
    assert.equal(mayGrant('owner', 'owner'), true)
    assert.equal(mayGrant('owner', 'admin'), true)
    assert.equal(mayGrant('admin', 'admin'), true)
    assert.equal(mayGrant('admin', 'member'), true)
    assert.equal(mayGrant('admin', 'owner'), false)
    assert.equal(mayGrant('member', 'admin'), false)
    assert.equal(mayGrant('member', 'owner'), false)
  })

  test('should let owners and admins invite, and only owners change roles', () => {
    assert.deepEqual([mayInvite('owner'), mayInvite('admin'), mayInvite('member')], [true, true, false])
    assert.deepEqual([mayChangeRoles('owner'), mayChangeRoles('admin'), mayChangeRoles('member')], [true, false, false])
  })

  test('should let owners remove anyone and admins remove members only', () => {
    assert.deepEqual([mayRemove('owner', 'owner'), mayRemove('owner', 'admin'), mayRemove('owner', 'member')], [true, true, true])
    assert.deepEqual([mayRemove('admin', 'owner'), mayRemove('admin', 'admin'), mayRemove('admin', 'member')], [false, false, true])
    assert.deepEqual([mayRemove('member', 'owner'), mayRemove('member', 'admin'), mayRemove('member', 'member')], [false, false, false])
  })
})

describe('invitation tokens', () => {
  test('should carry 256 random bits in base64url and store only the SHA-256', () => {
    const { token, hash } = newInvitationToken()
    assert.match(token, /^[A-Za-z0-9_-]{43}$/)
    assert.equal(Buffer.from(token, 'base64url').length, 32)
    assert.equal(hash, createHash('sha256').update(token).digest('hex'))
    assert.notEqual(newInvitationToken().token, token)
  })

  test('should look up only what could be a token', () => {
    const { token, hash } = newInvitationToken()
    assert.equal(lookupHash(token), hash)
    for (const bad of ['', 'new', token.slice(1), `${token}A`, `${token.slice(1)}=`, `${token.slice(1)}/`, `${token.slice(1)}é`]) assert.equal(lookupHash(bad), null, bad)
    assert.equal(hashInvitationToken(token), hash)
  })
})
