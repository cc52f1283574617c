/**
 * `@gatehouse-auth/gatehouse/node`: plumbing for Node servers without Hono: node:http
 * messages to and from fetch `Request`/`Response`, the request gate the Express adapter is
 * built on, the client address behind trusted proxies, the security headers, and SMTP.
 *
 * @example
 * import { createRequestGate, toWebRequest, writeWebResponse } from '@gatehouse-auth/gatehouse/node'
 * const gate = createRequestGate(gatehouse)
 * createServer(async (req, res) => {
 *   const result = await gate(toWebRequest(req), { incoming: req })
 *   if (result.kind === 'response') return writeWebResponse(res, result.response)
 *   // …the app's own routes, with result.state.currentUser and result.render()
 * })
 */
export { createRequestGate } from '../express/request-gate.ts'
export type { GatehouseRequestState, GatePass, GateResult, RenderOptions, NodeRequestBindings } from '../express/request-gate.ts'
export { toWebRequest, writeWebResponse, applyHeaders } from '../express/node-messages.ts'
export { clientAddressFrom, parseTrustedProxies, UNKNOWN_CLIENT } from '../network/trusted-proxies.ts'
export { DEFAULT_CONTENT_SECURITY_POLICY, DEFAULT_STRICT_TRANSPORT_SECURITY } from '../web/security-headers.ts'
export { createSmtpMailer, mailLink } from '../mail/index.ts'
