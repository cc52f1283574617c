import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { createTestCore, TEST_SECRET } from '../../test/support/core.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import { insertAccount } from '../../test/support/tenant-tables.ts'
import type { GatehouseCore } from '../core.ts'
import { createDummyHashChooser, DUMMY_PROFILE_REFRESH_MS } from './dummy-hashes.ts'
import { createPasswordHasher } from './password-hasher.ts'

const ARGON2 = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g'
const POW = '$pbkdf2-sha512$100000$c2FsdA$aGFzaA'
const BCRYPT = `$2b$12$${'a'.repeat(53)}`

forEachDialect((dialect) => {
  describe('the dummy verification of an unknown email', () => {
    let core: GatehouseCore
    let clock = 0
    before(async () => {
      core = await createTestCore(dialect)
      const account = await insertAccount(core as never, 'Imported')
      const rows = [...Array(30).fill(ARGON2), ...Array(10).fill(POW), ...Array(10).fill(BCRYPT)].map((hash: string, i) => ({
        account_id: account,
        email: `imported${i}-${dialect.name}@example.com`,
        password_hash: hash,
        role: 'member' as const,
        inserted_at: 0,
        updated_at: 0,
      }))
      await core.database.db.insertInto('users').values(rows).execute()
    })
    after(() => core.close())

    test("should cost like an imported hash exactly as often as a user has one, and always alike for one email", async () => {
      const chooser = createDummyHashChooser(core.database.db, TEST_SECRET, () => clock)
      const picks = await Promise.all(Array.from({ length: 3000 }, (_, i) => chooser.pick(`nobody${i}@example.com`)))
      const share = (hash: string | null) => picks.filter((p) => p === hash).length / picks.length
      // 10 of the 50 users each: a fifth of unknown emails cost like PBKDF2, a fifth like bcrypt.
      assert.ok(Math.abs(share(POW) - 0.2) < 0.04, `PBKDF2 share ${share(POW)}`)
      assert.ok(Math.abs(share(BCRYPT) - 0.2) < 0.04, `bcrypt share ${share(BCRYPT)}`)
      assert.ok(Math.abs(share(null) - 0.6) < 0.04, `argon2id share ${share(null)}`)
      for (let i = 0; i < 50; i++) assert.equal(await chooser.pick(`nobody${i}@example.com`), picks[i])

      // Once every imported user has signed in (rehashed), the next count makes every dummy argon2id.
      await core.database.db.updateTable('users').set({ password_hash: ARGON2 }).where('email', 'like', 'imported%').execute()
      clock += DUMMY_PROFILE_REFRESH_MS
      const later = await Promise.all(Array.from({ length: 200 }, (_, i) => chooser.pick(`nobody${i}@example.com`)))
      assert.ok(later.every((p) => p === null))
    })

    test('should ask the chooser with the email, and fail whatever it picks', async () => {
      const asked: string[] = []
      const hasher = createPasswordHasher(undefined, undefined, { pick: async (email) => (asked.push(email), POW) })
      assert.equal(await hasher.verifyDummy('some password here', 'nobody@example.com'), false)
      assert.equal(await hasher.verifyDummy('some password here'), false)
      assert.deepEqual(asked, ['nobody@example.com'])
    })
  })
})
