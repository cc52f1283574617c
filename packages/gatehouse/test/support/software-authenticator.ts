import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { isoCBOR } from '@simplewebauthn/server/helpers'

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url')
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest()

interface StoredCredential {
  readonly id: Buffer
  readonly privateKey: KeyObject
  readonly userHandle: string
  counter: number
}

/**
 * A WebAuthn authenticator in software for HTTP tests (the browser suite uses Chromium's
 * virtual one): ES256 key pairs, "none" attestation, user presence and verification flags set.
 * It answers the options JSON a server sends with the JSON a browser would post back.
 */
export class SoftwareAuthenticator {
  readonly credentials: StoredCredential[] = []

  constructor(readonly origin: string) {}

  /** Answers `navigator.credentials.create` for `options` (the server's creation options JSON). */
  register(options: { challenge: string; rp: { id?: string }; user: { id: string } }, overrides: { origin?: string; rpId?: string; flags?: number } = {}) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const jwk = publicKey.export({ format: 'jwk' })
    const cose = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ])
    const id = randomBytes(16)
    const credential: StoredCredential = { id, privateKey, userHandle: options.user.id, counter: 0 }
    const idLength = Buffer.from([id.length >> 8, id.length & 0xff])
    const attested = Buffer.concat([Buffer.alloc(16), idLength, id, Buffer.from(isoCBOR.encode(cose as never))])
    const authData = this.authenticatorData(overrides.rpId ?? options.rp.id ?? '', overrides.flags ?? 0x45, 0, attested)
    const attestationObject = isoCBOR.encode(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]) as never)
    this.credentials.push(credential)
    return {
      id: b64url(id),
      rawId: b64url(id),
      type: 'public-key',
      clientExtensionResults: {},
      response: { clientDataJSON: this.clientData('webauthn.create', options.challenge, overrides.origin), attestationObject: b64url(attestationObject), transports: ['internal'] },
    }
  }

  /** Answers `navigator.credentials.get` for `options` with the credential `index` (a resident key: any user). */
  authenticate(options: { challenge: string; rpId?: string }, index = 0, overrides: { origin?: string; flags?: number; counter?: number; userHandle?: string } = {}) {
    const credential = this.credentials[index]
    if (!credential) throw new Error(`no credential ${index}`)
    credential.counter = overrides.counter ?? credential.counter + 1
    const authData = this.authenticatorData(options.rpId ?? '', overrides.flags ?? 0x05, credential.counter)
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, overrides.origin)
    const signature = sign('sha256', Buffer.concat([authData, sha256(Buffer.from(clientDataJSON, 'base64url'))]), credential.privateKey)
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key',
      clientExtensionResults: {},
      response: { clientDataJSON, authenticatorData: b64url(authData), signature: b64url(signature), userHandle: overrides.userHandle ?? credential.userHandle },
    }
  }

  private clientData(type: string, challenge: string, origin = this.origin): string {
    return b64url(Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false })))
  }

  private authenticatorData(rpId: string, flags: number, counter: number, attested: Buffer = Buffer.alloc(0)): Buffer {
    const count = Buffer.alloc(4)
    count.writeUInt32BE(counter)
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), count, attested])
  }
}
