import * as z from 'zod/mini'
import { ForbiddenError, InvalidRequestError } from '../../errors/errors.js'
import { updateUser } from '../../flows/update-user.js'
import { emailPrefixKey } from '../../users/normalize.js'
import { toUser } from '../../users/to-user.js'
import { jsonResponse } from '../responses.js'
import { type Route, type RouteContext, readBody, requirePrincipal } from '../route.js'

/** Most users one page returns. */
const MAX_PAGE = 100

async function requireAdmin(context: RouteContext) {
  const principal = await requirePrincipal(context)
  if (!principal.user.roles.includes('admin')) throw new ForbiddenError('admin role required')
  return principal
}

/** Longest `email` filter: an email address is at most 320 characters. */
const MAX_EMAIL_PREFIX = 320

/**
 * GET /admin/users?limit=&cursor=&email=: users in id (creation) order; `nextCursor` while more
 * remain. `email` keeps the users whose email starts with it, ignoring case (a literal prefix:
 * `%`, `_` and `*` are not wildcards).
 */
export const listUsersRoute: Route = {
  method: 'GET',
  path: '/admin/users',
  async run(context) {
    await requireAdmin(context)
    const params = new URL(context.request.url).searchParams
    const limitText = params.get('limit') ?? '50'
    const limit = Number(limitText)
    if (!/^\d{1,3}$/.test(limitText) || limit < 1 || limit > MAX_PAGE)
      throw new InvalidRequestError(`limit must be 1 to ${MAX_PAGE}`, { fields: { limit: 'invalid' } })
    const cursor = params.get('cursor')
    if (cursor !== null && cursor.length > 64)
      throw new InvalidRequestError('invalid cursor', { fields: { cursor: 'invalid' } })
    const email = params.get('email')
    if (email !== null && email.length > MAX_EMAIL_PREFIX)
      throw new InvalidRequestError('email filter too long', { fields: { email: 'invalid' } })
    const emailPrefix = email ? emailPrefixKey(email) : ''
    const records = await context.deps.storage.listUsers({
      limit: limit + 1,
      ...(cursor ? { cursor } : {}),
      ...(emailPrefix ? { emailPrefix } : {}),
    })
    const page = records.slice(0, limit)
    const nextCursor = records.length > limit ? page.at(-1)!.id : null
    return jsonResponse(200, { users: page.map((record) => toUser(record)), nextCursor })
  },
}

const patchBody = z.object({
  isActive: z.optional(z.boolean()),
  roles: z.optional(z.array(z.string().check(z.maxLength(64))).check(z.maxLength(50))),
})

/**
 * PATCH /admin/users/:id: `isActive` and `roles`. Disabling revokes the user's sessions and
 * refresh tokens at once (its API keys stop working too: keys of a disabled user are refused).
 * An admin cannot disable themself or drop their own admin role (no locking the door from inside).
 */
export const patchUserRoute: Route = {
  method: 'PATCH',
  path: '/admin/users/:id',
  async run(context) {
    const principal = await requireAdmin(context)
    const userId = context.params.id ?? ''
    const body = await readBody(context, patchBody)
    if (
      userId === principal.user.id &&
      (body.isActive === false || (body.roles && !body.roles.includes('admin')))
    )
      throw new ForbiddenError('an admin cannot disable or demote themself')
    const updated = await updateUser(context.deps, userId, {
      ...(body.isActive === undefined ? {} : { isActive: body.isActive }),
      ...(body.roles === undefined ? {} : { roles: body.roles }),
    })
    return jsonResponse(200, { user: toUser(updated) })
  },
}

/** POST /admin/users/:id/revoke-sessions: ends every session and refresh token of the user; 200 `{revokedSessions}`. */
export const revokeUserSessionsRoute: Route = {
  method: 'POST',
  path: '/admin/users/:id/revoke-sessions',
  async run(context) {
    await requireAdmin(context)
    const { storage } = context.deps
    const userId = context.params.id ?? ''
    const sessions = await storage.deleteUserSessions(userId)
    await storage.deleteUserRefreshTokens(userId)
    return jsonResponse(200, { revokedSessions: sessions })
  },
}
