import type { PasskeyFailure, PasskeyFailureReason } from './types.js'

/** A failed ceremony with its reason. */
export function fail(reason: PasskeyFailureReason): PasskeyFailure {
  return { ok: false, reason }
}
