import type { User } from '../auth/types.js'
import type { UserRecord } from '../storage/types.js'

/**
 * The app's view of a stored user: base fields plus custom fields, never the password hash.
 * Custom fields are spread first so that a base field always wins.
 */
export function toUser<F extends object>(record: UserRecord): User<F> {
  return {
    ...(record.fields as F),
    id: record.id,
    email: record.email,
    emailVerified: record.emailVerified,
    username: record.username,
    isActive: record.isActive,
    roles: [...record.roles],
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    lastLoginAt: record.lastLoginAt,
  }
}
