import { base64url } from 'jose'
import { randomToken } from '../crypto/random.js'
import { ConfigError } from '../errors/errors.js'
import { ALGORITHM_SPECS, type AlgorithmSpec, isJwtAlgorithm, JWT_ALGORITHMS } from './algorithms.js'
import type {
  JwtKeyInput,
  JwtOptions,
  JwtResolveContext,
  ResolvedJwtConfig,
  ResolvedJwtKey,
} from './types.js'

/** Default access-token lifetime: 15 minutes (JWT-9: short-lived, revocation by `sid`/`jti` when needed). */
export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 900
/** Default leeway for `nbf`/`iat` in the future: clocks of several servers, never `exp`. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 30
/** Default cap on a token's length, checked before parsing; Portcullis tokens are well under 2 KiB. */
export const DEFAULT_MAX_TOKEN_BYTES = 8192

const resolvedConfigs = new WeakSet<object>()

/**
 * True when `config` is a configuration returned by {@link resolveJwtConfig} (and so validated).
 *
 * @param config - anything
 * @returns whether it came from {@link resolveJwtConfig}
 * @example
 * ```ts
 * isResolvedJwtConfig(resolveJwtConfig(options, { mode })) // true
 * ```
 */
export function isResolvedJwtConfig(config: unknown): config is ResolvedJwtConfig {
  return typeof config === 'object' && config !== null && resolvedConfigs.has(config)
}

const KID = /^[!-~](?:[ -~]{0,126}[!-~])?$/
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'] as const
const REQUIRED_PUBLIC_MEMBERS: Readonly<Record<AlgorithmSpec['kty'], readonly string[]>> = {
  oct: [],
  RSA: ['n', 'e'],
  EC: ['x', 'y'],
  OKP: ['x'],
}

/**
 * Validates the JWT options once, at startup, and fills in every default. Every problem is
 * collected and thrown together; messages name the key by index and `kid`, never a secret.
 *
 * Checks: issuer and audience present; TTL 60..86400 s; skew 0..60 s; unique `kid`s; each key's
 * material fits its `alg` (an HS* key takes only a `secret` of at least the hash size, which must
 * not look like a PEM or JWK, so a public key can never become an HMAC secret; an asymmetric key
 * takes only PKCS#8/SPKI PEM or a JWK of the right `kty`/`crv`, private members only in
 * `privateKey`); exactly one signing key. With no keys, `production` fails and `development`
 * plans an Ed25519 key (generated on first use) and warns through `context.logger`.
 *
 * @param options - the `jwt` options
 * @param context - the mode, and the logger for the development-key warning
 * @returns the frozen configuration to give {@link createJwtIssuer}
 * @throws {ConfigError} (`config_error`) listing every problem
 * @example
 * ```ts
 * const config = resolveJwtConfig(
 *   { issuer: 'https://api.example.com', audience: 'https://api.example.com',
 *     keys: [{ kid: '2026-06', alg: 'EdDSA', privateKey: process.env.JWT_PRIVATE_KEY_PEM }] },
 *   { mode: 'production' },
 * )
 * ```
 * @example
 * ```ts
 * // Rotation: the new key signs, the old one still verifies until its tokens have expired.
 * resolveJwtConfig({ issuer, audience, keys: [
 *   { kid: 'k2', alg: 'ES256', privateKey: newPem },
 *   { kid: 'k1', alg: 'ES256', publicKey: oldPublicPem, use: 'verify' },
 * ] }, { mode: 'production' })
 * ```
 */
export function resolveJwtConfig(options: JwtOptions, context: JwtResolveContext): ResolvedJwtConfig {
  const problems: string[] = []
  if (typeof options !== 'object' || options === null) throw new ConfigError(['jwt: options are required'])

  const issuer = options.issuer
  if (typeof issuer !== 'string' || issuer.trim() === '')
    problems.push('jwt.issuer: a non-empty string is required')

  const audiences = readAudiences(options.audience, problems)
  const ttl = readInteger('jwt.accessTokenTtlSeconds', options.accessTokenTtlSeconds, 60, 86_400, problems)
  const skew = readInteger('jwt.clockSkewSeconds', options.clockSkewSeconds, 0, 60, problems)
  const maxBytes = readInteger('jwt.maxTokenBytes', options.maxTokenBytes, 1024, 65_536, problems)

  let keys: ResolvedJwtKey[] = []
  let generated = false
  if (options.keys !== undefined && !Array.isArray(options.keys)) {
    problems.push('jwt.keys: must be an array of keys')
  } else if (options.keys === undefined || options.keys.length === 0) {
    if (context.mode === 'production') {
      problems.push(
        'jwt.keys: at least one signing key is required in production (e.g. an Ed25519 PKCS#8 PEM with alg EdDSA)',
      )
    } else {
      keys = [{ source: 'generated', kid: `dev-${randomToken(9)}`, alg: 'EdDSA', use: 'sign' }]
      generated = true
    }
  } else {
    keys = resolveKeys(options.keys, problems)
  }

  if (problems.length > 0) throw new ConfigError(problems)
  const signing = keys.find((key) => key.use === 'sign')!
  if (generated)
    context.logger?.warn(
      `jwt: no keys configured; generated a development Ed25519 key (kid ${signing.kid}). ` +
        'Tokens stop verifying on restart unless it is persisted and passed back in jwt.keys.',
    )
  const config: ResolvedJwtConfig = Object.freeze({
    issuer,
    audiences: Object.freeze(audiences),
    audienceClaim: audiences.length === 1 ? audiences[0]! : Object.freeze([...audiences]),
    accessTokenTtlSeconds: ttl ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
    clockSkewSeconds: skew ?? DEFAULT_CLOCK_SKEW_SECONDS,
    maxTokenBytes: maxBytes ?? DEFAULT_MAX_TOKEN_BYTES,
    signingKid: signing.kid,
    keys: Object.freeze(keys.map((key) => Object.freeze(key))),
  })
  resolvedConfigs.add(config)
  return config
}

function readAudiences(value: unknown, problems: string[]): string[] {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? (value as unknown[]) : null
  if (list === null || list.length === 0) {
    problems.push('jwt.audience: a non-empty string or a non-empty array of them is required')
    return []
  }
  const audiences: string[] = []
  for (const entry of list) {
    if (typeof entry !== 'string' || entry.trim() === '') {
      problems.push('jwt.audience: every audience must be a non-empty string')
      return []
    }
    if (!audiences.includes(entry)) audiences.push(entry)
  }
  return audiences
}

function readInteger(
  path: string,
  value: unknown,
  min: number,
  max: number,
  problems: string[],
): number | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.push(`${path}: an integer from ${min} to ${max} is required`)
    return undefined
  }
  return value
}

function resolveKeys(inputs: readonly JwtKeyInput[], problems: string[]): ResolvedJwtKey[] {
  const resolved: { key: ResolvedJwtKey; declared: JwtKeyInput['use'] }[] = []
  const seen = new Set<string>()
  const before = problems.length
  inputs.forEach((input, index) => {
    const where = describeKey(input, index)
    if (typeof input !== 'object' || input === null) {
      problems.push(`${where}: must be an object`)
      return
    }
    if (typeof input.kid === 'string' && KID.test(input.kid)) {
      if (seen.has(input.kid)) problems.push(`${where}: kid is used by another key; kids must be unique`)
      seen.add(input.kid)
    }
    const key = resolveKey(input, where, problems)
    if (key) resolved.push({ key, declared: input.use })
  })
  if (problems.length > before) return []

  const canSign = (key: ResolvedJwtKey): boolean =>
    key.source === 'secret' || (key.source === 'asymmetric' && key.privateKey !== undefined)
  const explicit = resolved.filter((entry) => entry.declared === 'sign')
  if (explicit.length > 1) {
    problems.push(`jwt.keys: ${explicit.length} keys have use 'sign'; exactly one key signs`)
    return []
  }
  const signer = explicit[0] ?? resolved.find((entry) => entry.declared === undefined && canSign(entry.key))
  if (!signer) {
    problems.push("jwt.keys: no key can sign: give one key a secret or privateKey (and no use: 'verify')")
    return []
  }
  return resolved.map((entry): ResolvedJwtKey => {
    const use = entry === signer ? 'sign' : 'verify'
    return entry.key.source === 'generated' ? entry.key : { ...entry.key, use }
  })
}

function describeKey(input: JwtKeyInput, index: number): string {
  const kid = typeof input === 'object' && input !== null ? input.kid : undefined
  return typeof kid === 'string' && KID.test(kid) ? `jwt.keys[${index}] (kid "${kid}")` : `jwt.keys[${index}]`
}

function resolveKey(input: JwtKeyInput, where: string, problems: string[]): ResolvedJwtKey | null {
  const before = problems.length
  if (typeof input.kid !== 'string' || !KID.test(input.kid))
    problems.push(`${where}: kid must be 1 to 128 printable ASCII characters`)
  if (input.use !== undefined && input.use !== 'sign' && input.use !== 'verify')
    problems.push(`${where}: use must be 'sign' or 'verify'`)
  if (!isJwtAlgorithm(input.alg)) {
    problems.push(`${where}: alg must be one of ${JWT_ALGORITHMS.join(', ')}`)
    return null
  }
  const spec = ALGORITHM_SPECS[input.alg]
  const use = 'verify' // the signing key is chosen once every key is known
  if (spec.family === 'hmac') {
    checkSecret(input, spec, where, problems)
    if (problems.length > before) return null
    return { source: 'secret', kid: input.kid, alg: input.alg, use, secret: input.secret! }
  }
  if (input.secret !== undefined)
    problems.push(
      `${where}: ${input.alg} takes privateKey/publicKey, not secret (only HS* algorithms use a secret)`,
    )
  if (input.privateKey === undefined && input.publicKey === undefined)
    problems.push(`${where}: ${input.alg} needs a privateKey (to sign) or a publicKey (to verify)`)
  if (input.privateKey !== undefined) checkKeyMaterial(input, 'privateKey', spec, where, problems)
  if (input.publicKey !== undefined) checkKeyMaterial(input, 'publicKey', spec, where, problems)
  if (input.use === 'sign' && input.privateKey === undefined)
    problems.push(`${where}: use 'sign' needs a privateKey`)
  if (problems.length > before) return null
  return {
    source: 'asymmetric',
    kid: input.kid,
    alg: input.alg,
    use,
    ...(input.privateKey === undefined ? {} : { privateKey: input.privateKey }),
    ...(input.publicKey === undefined ? {} : { publicKey: input.publicKey }),
  }
}

function checkSecret(input: JwtKeyInput, spec: AlgorithmSpec, where: string, problems: string[]): void {
  if (input.privateKey !== undefined || input.publicKey !== undefined)
    problems.push(
      `${where}: ${input.alg} takes only a secret; privateKey/publicKey belong to asymmetric algorithms`,
    )
  const secret: unknown = input.secret
  const min = spec.minSecretBytes!
  let bytes: number
  if (typeof secret === 'string') {
    if (looksLikeKeyMaterial(secret)) {
      problems.push(
        `${where}: the secret looks like a PEM, JWK or SSH key; an HMAC secret must be random bytes, ` +
          'never a key (a public key used as an HMAC secret lets anyone forge tokens)',
      )
      return
    }
    bytes = new TextEncoder().encode(secret).length
  } else if (typeof secret === 'object' && secret !== null && !Array.isArray(secret)) {
    const jwk = secret as Record<string, unknown>
    const at = `${where}.secret`
    const raw = jwk.kty === 'oct' && typeof jwk.k === 'string' ? decodeCanonical(jwk.k) : null
    if (!raw) {
      problems.push(`${at}: a secret JWK needs kty "oct" and "k" in base64url`)
      return
    }
    checkJwkMembers(jwk, input, at, 'verify', problems)
    bytes = raw.length
  } else {
    problems.push(`${where}: ${input.alg} needs a secret (a string, or an oct JWK)`)
    return
  }
  if (bytes < min)
    problems.push(
      `${where}: the secret is ${bytes} bytes; ${input.alg} needs at least ${min} random bytes (e.g. randomToken(${min}))`,
    )
}

function decodeCanonical(value: string): Uint8Array | null {
  try {
    const bytes = base64url.decode(value)
    return /^[A-Za-z0-9_-]*$/.test(value) && base64url.encode(bytes) === value ? bytes : null
  } catch {
    return null
  }
}

/** `alg`, `use`, `kid` and `key_ops` of a JWK, when present, must agree with the configured key. */
function checkJwkMembers(
  jwk: Record<string, unknown>,
  input: JwtKeyInput,
  at: string,
  operation: 'sign' | 'verify',
  problems: string[],
): void {
  if (jwk.alg !== undefined && jwk.alg !== input.alg)
    problems.push(`${at}: the JWK's alg "${String(jwk.alg)}" differs from the key's alg ${input.alg}`)
  if (jwk.use !== undefined && jwk.use !== 'sig') problems.push(`${at}: the JWK's use must be "sig"`)
  if (jwk.kid !== undefined && jwk.kid !== input.kid)
    problems.push(`${at}: the JWK's kid differs from the key's kid`)
  const ops = jwk.key_ops
  if (ops !== undefined && !(Array.isArray(ops) && ops.includes(operation)))
    problems.push(`${at}: the JWK's key_ops must include "${operation}"`)
}

/** A PEM block, a JSON object or an OpenSSH key: material that must never be an HMAC secret. */
function looksLikeKeyMaterial(secret: string): boolean {
  const trimmed = secret.trim()
  return trimmed.includes('-----BEGIN') || trimmed.startsWith('{') || /^(ssh-|ecdsa-sha2-)/.test(trimmed)
}

function checkKeyMaterial(
  input: JwtKeyInput,
  member: 'privateKey' | 'publicKey',
  spec: AlgorithmSpec,
  where: string,
  problems: string[],
): void {
  const value: unknown = input[member]
  const at = `${where}.${member}`
  if (typeof value === 'string') {
    const problem = member === 'privateKey' ? checkPrivatePem(value) : checkPublicPem(value)
    if (problem) problems.push(`${at}: ${problem}`)
    return
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${at}: must be a PEM string or a JWK object`)
    return
  }
  const jwk = value as Record<string, unknown>
  if (jwk.kty !== spec.kty) {
    problems.push(`${at}: ${input.alg} needs a JWK with kty "${spec.kty}"`)
    return
  }
  if (spec.crv !== undefined && jwk.crv !== spec.crv)
    problems.push(`${at}: ${input.alg} needs crv "${spec.crv}"`)
  checkJwkMembers(jwk, input, at, member === 'privateKey' ? 'sign' : 'verify', problems)
  for (const name of REQUIRED_PUBLIC_MEMBERS[spec.kty])
    if (typeof jwk[name] !== 'string') problems.push(`${at}: the JWK lacks "${name}"`)
  const privateMembers = PRIVATE_JWK_MEMBERS.filter((name) => jwk[name] !== undefined)
  if (member === 'privateKey' && typeof jwk.d !== 'string') problems.push(`${at}: a private JWK needs "d"`)
  if (member === 'publicKey' && privateMembers.length > 0)
    problems.push(`${at}: a public JWK must not hold private members (${privateMembers.join(', ')})`)
}

function checkPrivatePem(pem: string): string | null {
  const text = pem.trim()
  if (text.startsWith('-----BEGIN PRIVATE KEY-----') && text.endsWith('-----END PRIVATE KEY-----'))
    return null
  if (/-----BEGIN (RSA|EC) PRIVATE KEY-----/.test(text))
    return 'PKCS#1/SEC1 PEM is not supported; convert it with `openssl pkcs8 -topk8 -nocrypt`'
  if (text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----'))
    return 'encrypted PEM is not supported; decrypt it to PKCS#8 (`openssl pkcs8 -topk8 -nocrypt`)'
  if (text.includes('PUBLIC KEY-----') || text.includes('-----BEGIN CERTIFICATE-----'))
    return 'holds a public key or certificate; give it as publicKey'
  return 'must be a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----) or a private JWK'
}

function checkPublicPem(pem: string): string | null {
  const text = pem.trim()
  if (text.startsWith('-----BEGIN PUBLIC KEY-----') && text.endsWith('-----END PUBLIC KEY-----')) return null
  if (text.includes('-----BEGIN RSA PUBLIC KEY-----'))
    return 'PKCS#1 PEM is not supported; convert it with `openssl rsa -RSAPublicKey_in -pubout`'
  if (text.includes('-----BEGIN CERTIFICATE-----'))
    return 'certificates are not supported; extract the SPKI public key (`openssl x509 -pubkey -noout`)'
  if (text.includes('PRIVATE KEY-----')) return 'holds a private key; give it as privateKey'
  return 'must be an SPKI PEM (-----BEGIN PUBLIC KEY-----) or a public JWK'
}
