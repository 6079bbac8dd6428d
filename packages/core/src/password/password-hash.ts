import type { AlgorithmSpec } from './algorithm-spec.js'
import { type Argon2idParams, argon2id } from './argon2id.js'
import { type Pbkdf2Sha256Params, pbkdf2Sha256 } from './pbkdf2-sha256.js'
import { formatPhc, type PhcFields, parsePhc } from './phc.js'
import { type ScryptParams, scrypt } from './scrypt.js'

/** The parameters of each supported algorithm, keyed by its PHC id. */
export interface ParamsByAlgorithm {
  argon2id: Argon2idParams
  scrypt: ScryptParams
  'pbkdf2-sha256': Pbkdf2Sha256Params
}

/** A supported password-hashing algorithm, named by its PHC id. */
export type PasswordHashAlgorithm = keyof ParamsByAlgorithm

/** The supported algorithms, in order of preference. */
export const PASSWORD_HASH_ALGORITHMS = [
  'argon2id',
  'scrypt',
  'pbkdf2-sha256',
] as const satisfies ReadonlyArray<PasswordHashAlgorithm>

/** Whether `value` names a supported algorithm. */
export function isPasswordHashAlgorithm(value: unknown): value is PasswordHashAlgorithm {
  return (PASSWORD_HASH_ALGORITHMS as readonly unknown[]).includes(value)
}

/** A stored password hash of algorithm `A`, decoded: its parameters, salt and hash bytes. */
export interface PasswordHashRecordOf<A extends PasswordHashAlgorithm> {
  readonly algorithm: A
  readonly params: ParamsByAlgorithm[A]
  readonly salt: Uint8Array
  readonly hash: Uint8Array
}

/** A stored password hash, decoded (a union discriminated by `algorithm`). */
export type PasswordHashRecord = {
  [A in PasswordHashAlgorithm]: PasswordHashRecordOf<A>
}[PasswordHashAlgorithm]

/** Salt length core writes, in bytes (128 bits; NIST asks for at least 32 bits). */
export const SALT_BYTES = 16
/** Hash length core writes, in bytes (256 bits). */
export const HASH_BYTES = 32
/** Salt and hash lengths core reads, in bytes: anything else is treated as malformed. */
const MIN_SALT_BYTES = 8
const MAX_SALT_BYTES = 64
const MIN_HASH_BYTES = 16
const MAX_HASH_BYTES = 64

/** Every algorithm's spec, by PHC id. */
export const algorithmSpecs: { readonly [A in PasswordHashAlgorithm]: AlgorithmSpec<ParamsByAlgorithm[A]> } =
  {
    argon2id,
    scrypt,
    'pbkdf2-sha256': pbkdf2Sha256,
  }

/**
 * Decodes a stored PHC string: `$argon2id$v=19$m=…,t=…,p=…$<salt>$<hash>`,
 * `$scrypt$ln=…,r=…,p=…$<salt>$<hash>` or `$pbkdf2-sha256$i=…$<salt>$<hash>`, with salt and hash
 * in standard base64 without padding.
 *
 * @param phc - the stored string
 * @returns the decoded record, or `null` (never a throw) when the string is malformed, names an
 *   unsupported algorithm or version, or has parameters, a salt (8..64 bytes) or a hash
 *   (16..64 bytes) out of bounds
 * @example
 * ```ts
 * const record = parsePasswordHash('$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$…')
 * if (record?.algorithm === 'argon2id') console.log(record.params.memoryCost)
 * ```
 */
export function parsePasswordHash(phc: string): PasswordHashRecord | null {
  const fields = parsePhc(phc)
  if (!fields || !isPasswordHashAlgorithm(fields.id)) return null
  const { salt, hash } = fields
  if (salt.byteLength < MIN_SALT_BYTES || salt.byteLength > MAX_SALT_BYTES) return null
  if (hash.byteLength < MIN_HASH_BYTES || hash.byteLength > MAX_HASH_BYTES) return null
  switch (fields.id) {
    case 'argon2id':
      return decodeRecord('argon2id', fields)
    case 'scrypt':
      return decodeRecord('scrypt', fields)
    case 'pbkdf2-sha256':
      return decodeRecord('pbkdf2-sha256', fields)
  }
}

function decodeRecord<A extends PasswordHashAlgorithm>(
  algorithm: A,
  fields: PhcFields,
): PasswordHashRecordOf<A> | null {
  const spec: AlgorithmSpec<ParamsByAlgorithm[A]> = algorithmSpecs[algorithm]
  const params = spec.fromPhc(fields)
  return params === null ? null : { algorithm, params, salt: fields.salt, hash: fields.hash }
}

/**
 * Encodes a record as a PHC string, the inverse of {@link parsePasswordHash}.
 *
 * @param record - algorithm, parameters, salt and hash
 * @returns the PHC string, e.g. `$scrypt$ln=17,r=8,p=1$<salt>$<hash>`
 */
export function formatPasswordHash<A extends PasswordHashAlgorithm>(record: PasswordHashRecordOf<A>): string {
  const spec: AlgorithmSpec<ParamsByAlgorithm[A]> = algorithmSpecs[record.algorithm]
  return formatPhc({ id: spec.id, ...spec.toPhc(record.params), salt: record.salt, hash: record.hash })
}

/** The canonical PHC parameter text of `params` (e.g. `v=19 m=19456,t=2,p=1`), for comparing parameters. */
export function paramsKey<A extends PasswordHashAlgorithm>(
  algorithm: A,
  params: ParamsByAlgorithm[A],
): string {
  const spec: AlgorithmSpec<ParamsByAlgorithm[A]> = algorithmSpecs[algorithm]
  const phc = spec.toPhc(params)
  return `${phc.version ?? ''} ${phc.params.map(([name, value]) => `${name}=${value}`).join(',')}`
}
