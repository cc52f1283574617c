import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Gatehouse } from '@gatehouse-auth/gatehouse'
import { createRequestGate, toWebRequest, writeWebResponse } from '@gatehouse-auth/gatehouse/node'
import type { GatePass } from '@gatehouse-auth/gatehouse/node'

/**
 * A request listener for `http.createServer` with no framework: Gatehouse answers its own
 * routes (sign-in, registration…); the app answers `/` and the protected `/private` with
 * Gatehouse's helpers (`requireAuthenticated`, `render`).
 */
export function createNodeHandler(gatehouse: Gatehouse): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const gate = createRequestGate(gatehouse)
  return async function handle(req, res) {
    try {
      // The incoming request carries the client's address: rate limits and the audit log need it.
      const result = await gate(toWebRequest(req), { incoming: req })
      if (result.kind === 'response') return await writeWebResponse(res, result.response)
      return await writeWebResponse(res, await respond(result, new URL(req.url ?? '/', 'http://app').pathname, req.method ?? 'GET'))
    } catch (error) {
      console.error(error)
      res.statusCode = 500
      res.end('Internal Server Error')
    }
  }
}

async function respond(pass: GatePass, path: string, method: string): Promise<Response> {
  const user = pass.state.currentUser
  if (method === 'GET' && path === '/') return pass.render({ title: 'Home', body: () => `Hello ${user?.email ?? 'visitor'}` })
  if (method === 'GET' && path === '/private') {
    const refused = await pass.requireAuthenticated()
    if (refused) return refused
    return pass.render({ title: 'Private', body: () => `Welcome ${user?.email ?? ''} of ${pass.state.currentAccount?.name ?? ''}` })
  }
  return pass.notFound()
}
