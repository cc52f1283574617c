import { Agent, request } from 'node:http'

/** One answer: its status and (for diagnostics) the start of its body. */
export interface Answer {
  readonly status: number
  readonly bodyStart: string
}

/**
 * Sends one request over a keep-alive agent and reads the whole answer.
 *
 * @example
 * const answer = await send(agent, 'http://127.0.0.1:4000', { method: 'GET', path: '/private', headers: { cookie } })
 */
export function send(agent: Agent, origin: string, options: { method: string; path: string; headers: Record<string, string>; body?: string }): Promise<Answer> {
  const url = new URL(origin)
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, method: options.method, path: options.path, headers: options.headers },
      (res) => {
        let bodyStart = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          if (bodyStart.length < 200) bodyStart += chunk.slice(0, 200 - bodyStart.length)
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bodyStart }))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

/** A keep-alive agent with at most `sockets` connections. */
export function keepAliveAgent(sockets: number): Agent {
  return new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets })
}
