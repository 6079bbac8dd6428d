import { ClientDataType, parseClientDataJSON } from '@oslojs/webauthn'
import { constantTimeEqual } from '../crypto/index.js'
import type { PasskeyFailureReason } from './types.js'

/** What the client data must say. */
export interface ClientDataExpectation {
  type: 'webauthn.create' | 'webauthn.get'
  challenge: Uint8Array
  origins: ReadonlySet<string>
}

/**
 * Checks `clientDataJSON` (parsed by @oslojs/webauthn): the ceremony type, the challenge
 * (constant time), the origin (exact match against the list) and that the ceremony did not run
 * in a cross-origin iframe (`crossOrigin: true` is refused: we expect none, so `topOrigin` is
 * never trusted). Never throws.
 *
 * @returns null when it matches, else why not
 */
export function checkClientData(
  bytes: Uint8Array,
  expected: ClientDataExpectation,
): PasskeyFailureReason | null {
  let clientData: ReturnType<typeof parseClientDataJSON>
  try {
    clientData = parseClientDataJSON(bytes)
  } catch {
    return 'malformed'
  }
  const type = clientData.type === ClientDataType.Create ? 'webauthn.create' : 'webauthn.get'
  if (type !== expected.type) return 'bad_type'
  if (!constantTimeEqual(clientData.challenge, expected.challenge)) return 'challenge_mismatch'
  if (!expected.origins.has(clientData.origin)) return 'origin_mismatch'
  if (clientData.crossOrigin === true) return 'cross_origin'
  return null
}
