import assert from 'node:assert/strict'
import { pbkdf2, randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { before, describe, test } from 'node:test'
import { hash as bcryptHash } from '@node-rs/bcrypt'
import { createGatehouse } from '../index.ts'
import type { Gatehouse } from '../index.ts'
import { TestBrowser } from '../../test/support/browser.ts'
import { databaseUrlFor, runGatehouse, temporaryFolder } from '../../test/support/cli.ts'
import { TEST_SECRET } from '../../test/support/core.ts'
import { forEachDialect } from '../../test/support/dialects.ts'
import { onCleanup } from '../../test/support/services.ts'

const pbkdf2Async = promisify(pbkdf2)

/** Pow.Ecto.Schema.Password.pbkdf2_hash/2 with Pow's defaults: sha512, 100 000 rounds, 64 bytes, 16-byte salt, Base.encode64. */
async function powHash(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await pbkdf2Async(password, salt, 100_000, 64, 'sha512')
  return `$pbkdf2-sha512$100000$${salt.toString('base64')}$${key.toString('base64')}`
}

/** Pbkdf2.hash_pwd_salt/2 (phx.gen.auth --hashing-lib pbkdf2): sha512, 64 bytes, Pbkdf2.Base64 (`.` for `+`, no padding). */
async function phxPbkdf2Hash(password: string, rounds = 10_000): Promise<string> {
  const salt = randomBytes(16)
  const encode = (bytes: Buffer) => bytes.toString('base64').replaceAll('+', '.').replace(/=+$/, '')
  return `$pbkdf2-sha512$${rounds}$${encode(salt)}$${encode(await pbkdf2Async(password, salt, rounds, 64, 'sha512'))}`
}

/** bcrypt as Devise (`$2a$`), bcrypt_elixir (`$2b$`) or PHP (`$2y$`) writes it; cost 4 keeps the test fast. */
async function bcrypt(password: string, prefix: '$2a$' | '$2b$' | '$2y$' = '$2b$'): Promise<string> {
  return prefix + (await bcryptHash(password, { cost: 4 })).slice(4)
}

const csv = (rows: readonly (readonly string[])[]) => `${rows.map((row) => row.map((cell) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(',')).join('\n')}\n`

forEachDialect((dialect) => {
  describe('gatehouse users:import', () => {
    const folder = temporaryFolder()
    let env: Record<string, string> = {}
    let gatehouse: Gatehouse
    const passwords: Record<string, string> = {
      'pow.one@example.com': 'pow password number one',
      'pow.two@example.com': 'pow password number two',
      'devise@example.com': 'devise password 12345',
      'devise.php@example.com': 'devise password php style',
      'phx.bcrypt@example.com': 'phoenix bcrypt password',
      'phx.pbkdf2@example.com': 'phoenix pbkdf2 password',
      'ada@acme.example': 'ada lovelace password',
      'charles@acme.example': 'charles babbage password',
    }
    const file = (name: string, rows: readonly (readonly string[])[]) => {
      const path = join(folder, name)
      writeFileSync(path, csv(rows))
      return path
    }
    const importFile = (from: string, path: string, extra: string[] = []) => runGatehouse(['users:import', '--from', from, path, ...extra], { cwd: folder, env })
    const userRow = (email: string) => gatehouse.database.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst()

    before(async () => {
      env = { DATABASE_URL: await databaseUrlFor(dialect) }
      const migrated = await runGatehouse(['migrate'], { cwd: folder, env })
      assert.equal(migrated.status, 0, migrated.stderr)
      gatehouse = await createGatehouse({ database: env.DATABASE_URL as string, secret: TEST_SECRET, publicUrl: 'http://localhost:4000', migrate: false })
      onCleanup(() => gatehouse.close())
    })

    test("should import Pow's users with their PBKDF2 hashes, and report skipped rows with their line and reason", async () => {
      const path = file('pow.csv', [
        ['email', 'password_hash', 'inserted_at', 'email_confirmed_at'],
        ['Pow.One@Example.com', await powHash(passwords['pow.one@example.com'] as string), '2023-04-05 06:07:08.123456', '2023-04-05 07:00:00'],
        ['pow.two@example.com', await powHash(passwords['pow.two@example.com'] as string), '2023-04-05T06:07:08Z', ''],
        ['not an email', await powHash('whatever password'), '', ''],
        ['sha1@example.com', 'sha1$abcdef$0123456789', '', ''],
        ['pow.one@example.com', await powHash('duplicate password'), '', ''],
      ])
      const result = await importFile('pow', path)
      assert.equal(result.status, 0, result.stderr)
      assert.match(result.stdout, /^imported 2 users \(2 new accounts\) from 5 rows, skipped 3 \(1 invalid email, 1 unsupported password hash format, 1 duplicate email in the file\) in \d+ ms$/m)
      assert.match(result.stderr, /skipped line 4 \(not an email\): invalid email/)
      assert.match(result.stderr, /skipped line 5 \(sha1@example\.com\): unsupported password hash format/)
      assert.match(result.stderr, /skipped line 6 \(pow\.one@example\.com\): duplicate email in the file/)
      assert.match(result.stderr, /importing: 100% of the file, 5 rows/)
      const one = await userRow('pow.one@example.com')
      assert.equal(one?.role, 'owner')
      assert.equal(Number(one?.inserted_at), Date.UTC(2023, 3, 5, 6, 7, 8, 123))
      assert.equal(Number(one?.email_confirmed_at), Date.UTC(2023, 3, 5, 7))
      const account = await gatehouse.database.db.selectFrom('accounts').select('name').where('id', '=', Number(one?.account_id)).executeTakeFirst()
      assert.equal(account?.name, 'pow.one@example.com')
    })

    test('should skip every row on a re-run: nothing is imported twice', async () => {
      const result = await importFile('pow', join(folder, 'pow.csv'))
      assert.equal(result.status, 0, result.stderr)
      assert.match(result.stdout, /imported 0 users \(0 new accounts\) from 5 rows, skipped 5 \(2 email already exists,/)
      const count = await gatehouse.database.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('email', 'like', 'pow.%').executeTakeFirstOrThrow()
      assert.equal(Number(count.n), 2)
    })

    test("should import Devise's and phx.gen.auth's columns and hash formats (bcrypt $2a$/$2y$/$2b$, pbkdf2_elixir)", async () => {
      const devise = await importFile('devise', file('devise.csv', [
        ['email', 'encrypted_password', 'created_at', 'confirmed_at'],
        ['devise@example.com', await bcrypt(passwords['devise@example.com'] as string, '$2a$'), '2022-01-02 03:04:05', ''],
        ['devise.php@example.com', await bcrypt(passwords['devise.php@example.com'] as string, '$2y$'), '', ''],
      ]))
      assert.equal(devise.status, 0, devise.stderr)
      assert.match(devise.stdout, /imported 2 users \(2 new accounts\) from 2 rows, skipped 0 in/)
      const phx = await importFile('phx-gen-auth', file('phx.csv', [
        ['email', 'hashed_password', 'confirmed_at', 'inserted_at'],
        ['phx.bcrypt@example.com', await bcrypt(passwords['phx.bcrypt@example.com'] as string), '2024-01-01 00:00:00', '2023-12-31 23:00:00'],
        ['phx.pbkdf2@example.com', await phxPbkdf2Hash(passwords['phx.pbkdf2@example.com'] as string), '', ''],
      ]))
      assert.equal(phx.status, 0, phx.stderr)
      assert.match(phx.stdout, /imported 2 users \(2 new accounts\) from 2 rows, skipped 0 in/)
    })

    test('should put users naming the same account into one account: the first is owner, the next members unless a role is given', async () => {
      const result = await importFile('csv', file('accounts.csv', [
        ['email', 'password_hash', 'account_name', 'role'],
        ['ada@acme.example', await bcrypt(passwords['ada@acme.example'] as string), 'Acme Engines', ''],
        ['charles@acme.example', await bcrypt(passwords['charles@acme.example'] as string), 'ACME  engines', 'admin'],
        ['grace@acme.example', await bcrypt('grace hopper password'), 'Acme Engines', ''],
        ['bad.role@acme.example', await bcrypt('some password here'), 'Acme Engines', 'superuser'],
      ]), ['--batch-size', '2'])
      assert.equal(result.status, 0, result.stderr)
      assert.match(result.stdout, /imported 3 users \(1 new account\) from 4 rows, skipped 1 \(1 invalid role \(owner, admin or member\)\)/)
      const rows = await Promise.all(['ada@acme.example', 'charles@acme.example', 'grace@acme.example'].map(userRow))
      assert.deepEqual(rows.map((r) => r?.role), ['owner', 'admin', 'member'])
      assert.equal(new Set(rows.map((r) => Number(r?.account_id))).size, 1)
    })

    test('should sign every imported user in with the original password over HTTP, and rehash it to argon2id', async () => {
      for (const [email, password] of Object.entries(passwords)) {
        const browser = new TestBrowser((request) => gatehouse.fetch(request))
        const refused = await browser.signIn(email, `${password} but wrong`)
        assert.equal(refused.status, 422, `${email} with a wrong password`)
        const before = (await userRow(email))?.password_hash
        assert.doesNotMatch(before ?? '', /^\$argon2id\$/, email)
        const response = await browser.signIn(email, password)
        assert.equal(response.status, 302, `${email} could not sign in with the original password`)
        assert.equal(response.headers.get('location'), '/')
        assert.match((await userRow(email))?.password_hash ?? '', /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/, email)
        const again = new TestBrowser((request) => gatehouse.fetch(request))
        assert.equal((await again.signIn(email, password)).status, 302, `${email} after the rehash`)
      }
    })

    test('should refuse a file without the password column, a missing file and a missing --from, with exit codes 1, 1 and 2', async () => {
      const noColumn = await importFile('devise', file('bad.csv', [['email', 'password'], ['x@example.com', 'secret']]))
      assert.equal(noColumn.status, 1)
      assert.match(noColumn.stderr, /has no encrypted_password column \(found: email, password\)/)
      const missing = await importFile('pow', join(folder, 'nowhere.csv'))
      assert.equal(missing.status, 1)
      assert.match(missing.stderr, /cannot read .*nowhere\.csv: no such file/)
      const noSource = await runGatehouse(['users:import', join(folder, 'pow.csv')], { cwd: folder, env })
      assert.equal(noSource.status, 2)
      assert.match(noSource.stderr, /--from must be one of pow, devise, phx-gen-auth, csv/)
    })
  })
})
