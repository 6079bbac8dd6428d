import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/errors/errors.js'
import { isJwtAlgorithm, type JwtAlgorithm } from '../../src/jwt/algorithms.js'
import { verifyCompactJws } from '../../src/jwt/compact-jws.js'
import { importKeyRing, type VerificationKey } from '../../src/jwt/import-keys.js'
import { resolveJwtConfig } from '../../src/jwt/resolve-jwt-config.js'
import type { JwtKeyInput, JwtRejectReason } from '../../src/jwt/types.js'
import { AUDIENCE, hmacSecret, ISSUER } from './helpers.js'

// Project Wycheproof JWS vectors (C2SP/wycheproof testvectors_v1/json_web_signature_test.json,
// Apache-2.0; see test/fixtures/wycheproof/README.md), run through the production JWS path:
// keys go through resolveJwtConfig and importKeyRing, tokens through verifyCompactJws, the
// function verifyAccessToken itself calls before it looks at typ-independent claims.

interface WycheproofTest {
  tcId: number
  comment: string
  jws: string
  result: 'valid' | 'invalid'
}
interface WycheproofGroup {
  comment: string
  public?: Record<string, unknown>
  private?: Record<string, unknown>
  tests: WycheproofTest[]
}
interface WycheproofFile {
  numberOfTests: number
  testGroups: WycheproofGroup[]
}

const vectors = JSON.parse(
  readFileSync(new URL('../fixtures/wycheproof/json_web_signature_test.json', import.meta.url), 'utf8'),
) as WycheproofFile

/**
 * Where our verdict differs from Wycheproof's `result`, on purpose. Everything else must match.
 * `reason` is what verifyCompactJws says, or `config` when the key itself is refused at startup.
 */
const DECISIONS: Record<
  number,
  { accepted: boolean; reason: JwtRejectReason | 'config' | null; why: string }
> = {}
const decide = (ids: number[], accepted: boolean, reason: JwtRejectReason | 'config' | null, why: string) => {
  for (const id of ids) DECISIONS[id] = { accepted, reason, why }
}
decide(
  [259, 272],
  false,
  'malformed',
  'empty payload segment: a JWT always has a payload, so strict parsing refuses it (JWT-6)',
)
decide(
  [264, 265, 266, 267, 268, 269, 270, 271, 320, 321, 322, 323, 325, 326, 327, 328, 347, 351],
  false,
  'config',
  'RS384, RS512, PS384, PS512 and ES512 are outside the allow-list: such a key cannot be configured',
)
decide(
  [346, 350],
  false,
  'alg_not_allowed',
  'header alg PS384 on a key configured for PS256: alg is pinned per key (JWT-1)',
)
decide([372, 373], false, 'malformed', "'?' is not base64url: no lenient decoding (JWT-6, SECURITY.md §11)")
decide(
  [367, 370],
  true,
  null,
  'the stored jws is byte-identical to tcId 357 (valid): the padding its comment names is absent from the data',
)

/** The key input for a group, or null when its algorithm is outside our allow-list. */
function keyInput(group: WycheproofGroup): JwtKeyInput | { unsupported: string } {
  const jwk = (group.public ?? group.private)!
  const headerAlg = JSON.parse(Buffer.from(group.tests[0]!.jws.split('.')[0]!, 'base64url').toString()).alg
  const alg = (jwk.alg ?? headerAlg) as string
  if (!isJwtAlgorithm(alg)) return { unsupported: alg }
  const kid = String(jwk.kid)
  return jwk.kty === 'oct'
    ? { kid, alg, secret: jwk as JsonWebKey }
    : { kid, alg: alg as JwtAlgorithm, publicKey: jwk as JsonWebKey, use: 'verify' }
}

describe('Wycheproof JWS vectors', () => {
  it('has the 401 tests in 23 groups of the stored file', () => {
    const ids = vectors.testGroups.flatMap((group) => group.tests.map((test) => test.tcId))
    expect(vectors.numberOfTests).toBe(401)
    expect(vectors.testGroups).toHaveLength(23)
    expect(ids).toEqual(Array.from({ length: 401 }, (_, i) => i + 1))
  })

  it('differs from Wycheproof only where decided (26 vectors)', () => {
    const differing = Object.entries(DECISIONS).filter(([id, decision]) => {
      const test = vectors.testGroups.flatMap((group) => group.tests).find((t) => t.tcId === Number(id))!
      return decision.accepted !== (test.result === 'valid')
    })
    expect(differing).toHaveLength(26)
  })
})

vectors.testGroups.forEach((group, index) => {
  const input = keyInput(group)
  const label = `group ${index + 1} (${group.comment}, ${'unsupported' in input ? input.unsupported : input.alg})`

  describe(`Wycheproof ${label}`, () => {
    let keys: ReadonlyMap<string, VerificationKey> = new Map()
    let refused: ConfigError | null = null

    beforeAll(async () => {
      if ('unsupported' in input) {
        refused = new ConfigError([`unsupported algorithm ${input.unsupported}`])
        return
      }
      const signer: JwtKeyInput = { kid: 'wycheproof-signer', alg: 'HS256', secret: hmacSecret() }
      try {
        const config = resolveJwtConfig(
          {
            issuer: ISSUER,
            audience: AUDIENCE,
            keys: input.secret === undefined ? [signer, input] : [input],
          },
          { mode: 'production' },
        )
        keys = (await importKeyRing(config)).verification
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error
        refused = error
      }
    })

    it.each(group.tests.map((test) => [test.tcId, test.comment, test] as const))(
      'tcId %i %s',
      async (tcId, _comment, test) => {
        const decision = DECISIONS[tcId]
        const expected = decision ? decision.accepted : test.result === 'valid'
        const result = await verifyCompactJws(test.jws, keys, { maxTokenBytes: 8192 })
        const accepted = refused === null && result.ok
        expect(accepted, decision?.why ?? `Wycheproof says ${test.result}`).toBe(expected)
        if (decision?.reason === 'config') expect(refused).toBeInstanceOf(ConfigError)
        else if (decision?.reason) expect(result.ok ? null : result.reason).toBe(decision.reason)
      },
    )
  })
})
