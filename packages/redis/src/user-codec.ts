import type { UserPatch, UserRecord } from '@portcullis/core'
import { encodeBoolean, encodeDate, type FieldPairs, FieldReader } from './fields.js'

/**
 * A user as hash fields. `username`, `usernameKey`, `passwordHash` and `lastLoginAt` are
 * absent when null; `roles` and `fields` are JSON text; `emailKey` and `usernameKey` are read
 * by the scripts to move the unique index keys.
 *
 * @param user - the record
 * @returns the `HSET` field/value pairs
 */
export function encodeUser(user: UserRecord): FieldPairs {
  const pairs: FieldPairs = [
    'id',
    user.id,
    'email',
    user.email,
    'emailKey',
    user.emailKey,
    'emailVerified',
    encodeBoolean(user.emailVerified),
    'isActive',
    encodeBoolean(user.isActive),
    'roles',
    JSON.stringify(user.roles),
    'fields',
    JSON.stringify(user.fields),
    'createdAt',
    encodeDate(user.createdAt),
    'updatedAt',
    encodeDate(user.updatedAt),
  ]
  if (user.username !== null) pairs.push('username', user.username)
  if (user.usernameKey !== null) pairs.push('usernameKey', user.usernameKey)
  if (user.passwordHash !== null) pairs.push('passwordHash', user.passwordHash)
  if (user.lastLoginAt !== null) pairs.push('lastLoginAt', encodeDate(user.lastLoginAt))
  return pairs
}

/** A {@link UserPatch} as hash writes: fields to set, fields to delete (set to null). */
export interface EncodedUserPatch {
  /** `HSET` field/value pairs (always includes `updatedAt`). */
  set: FieldPairs
  /** Fields to `HDEL`: nullable fields the patch sets to null. */
  unset: string[]
}

/**
 * The hash writes of `patch`. A key whose value is undefined is absent, as in every store.
 *
 * @param patch - the update
 * @returns the fields to set and to delete
 */
export function encodeUserPatch(patch: UserPatch): EncodedUserPatch {
  const set: FieldPairs = []
  const unset: string[] = []
  const nullable = (name: string, value: string | null | undefined): void => {
    if (value === undefined) return
    if (value === null) unset.push(name)
    else set.push(name, value)
  }
  if (patch.email !== undefined) set.push('email', patch.email)
  if (patch.emailKey !== undefined) set.push('emailKey', patch.emailKey)
  if (patch.emailVerified !== undefined) set.push('emailVerified', encodeBoolean(patch.emailVerified))
  nullable('username', patch.username)
  nullable('usernameKey', patch.usernameKey)
  nullable('passwordHash', patch.passwordHash)
  if (patch.isActive !== undefined) set.push('isActive', encodeBoolean(patch.isActive))
  if (patch.roles !== undefined) set.push('roles', JSON.stringify(patch.roles))
  if (patch.fields !== undefined) set.push('fields', JSON.stringify(patch.fields))
  nullable('lastLoginAt', patch.lastLoginAt === undefined ? undefined : dateOrNull(patch.lastLoginAt))
  set.push('updatedAt', encodeDate(patch.updatedAt))
  return { set, unset }
}

/**
 * A user read back from its hash fields: a fresh object the caller may keep.
 *
 * @param fields - the hash
 * @returns the record
 * @throws {import('@portcullis/core').StorageUnavailableError} when a field is missing or malformed
 */
export function decodeUser(fields: Map<string, string>): UserRecord {
  const read = new FieldReader(fields, 'user record')
  return {
    id: read.string('id'),
    email: read.string('email'),
    emailKey: read.string('emailKey'),
    emailVerified: read.boolean('emailVerified'),
    username: read.nullableString('username'),
    usernameKey: read.nullableString('usernameKey'),
    passwordHash: read.nullableString('passwordHash'),
    isActive: read.boolean('isActive'),
    roles: read.stringArray('roles'),
    fields: read.object('fields'),
    createdAt: read.date('createdAt'),
    updatedAt: read.date('updatedAt'),
    lastLoginAt: read.nullableDate('lastLoginAt'),
  }
}

function dateOrNull(date: Date | null): string | null {
  return date === null ? null : encodeDate(date)
}
