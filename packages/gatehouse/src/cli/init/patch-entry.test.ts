import assert from 'node:assert/strict'
import { test } from 'node:test'
import { entryPort, patchEntry } from './patch-entry.ts'

test('should mount Gatehouse after `const app = new Hono()`, import it after the last (multi-line) import, and serve on env.port', () => {
  const source = "import { serve } from '@hono/node-server'\nimport {\n  Hono,\n} from 'hono'\n\nconst app = new Hono<{ Bindings: Env }>()\n\nserve({ fetch: app.fetch, port: 3000 })\n"
  const patch = patchEntry(source, 'hono', './gatehouse.js')
  assert.equal(patch.kind, 'patched')
  assert.ok(patch.kind === 'patched')
  assert.equal(
    patch.text,
    "import { serve } from '@hono/node-server'\nimport {\n  Hono,\n} from 'hono'\nimport { env, gatehouse } from './gatehouse.js'\n\nconst app = new Hono<{ Bindings: Env }>()\n\n// Gatehouse: sign-in, registration and the current user on every request (npx gatehouse init)\napp.use(gatehouse.middleware)\napp.route('/', gatehouse.app)\n\n\nserve({ fetch: app.fetch, port: env.port, hostname: env.host })\n",
  )
  assert.equal(entryPort(source), 3000)
})

test('should mount the Express adapter after `const app = express()`', () => {
  const source = "import express from 'express'\nconst app = express()\napp.listen(8080)\n"
  const patch = patchEntry(source, 'express', './gatehouse.js')
  assert.ok(patch.kind === 'patched')
  assert.match(patch.text, /import \{ auth, env \} from '\.\/gatehouse\.js'\nconst app = express\(\)\n\n\/\/ Gatehouse[^\n]*\napp\.use\(auth\.middleware\)\n+app\.listen\(env\.port, env\.host\)\n/)
  assert.equal(entryPort(source), 8080)
  const noPort = patchEntry("import express from 'express'\nconst app = express()\n", 'express', './gatehouse.js')
  assert.ok(noPort.kind === 'patched' && !noPort.portReplaced)
  assert.match(noPort.text, /^import \{ auth \} from '\.\/gatehouse\.js'$/m)
})

test("should serve Express's `const port = 3000` on env.port and env.host", () => {
  const source = "import express from 'express'\nconst app = express()\nconst port = 3000\n\napp.listen(port, () => {\n  console.log(`Listening on ${port}`)\n})\n"
  assert.equal(entryPort(source), 3000)
  const patch = patchEntry(source, 'express', './gatehouse.js')
  assert.ok(patch.kind === 'patched' && patch.portReplaced)
  assert.match(patch.text, /^const port = env\.port\n\napp\.listen\(port, env\.host, \(\) => \{$/m)
})

test('should leave an entry it does not recognise, or one already mounted, untouched', () => {
  assert.equal(patchEntry('export default { fetch() {} }\n', 'hono', './gatehouse.js').kind, 'not-recognised')
  assert.equal(patchEntry('const app = new Hono()\napp.use(gatehouse.middleware)\n', 'hono', './gatehouse.js').kind, 'already-mounted')
})
