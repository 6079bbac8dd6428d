import * as z from 'zod/mini'
import { ForbiddenError, InvalidRequestError, NotFoundError } from '../../errors/errors.js'
import { updateUser } from '../../flows/update-user.js'
import { normalizeUsername } from '../../users/normalize.js'
import { toUser } from '../../users/to-user.js'
import { jsonResponse } from '../responses.js'
import { type Route, readBody, requirePrincipal } from '../route.js'

const usernameBody = z.object({ username: z.string().check(z.maxLength(64)) })

/**
 * POST /users/:id/username: changes a username, for the user themself or an admin. Anyone else
 * gets 403 whether or not the id exists (no probing for accounts); an admin gets 404 for an
 * unknown id. The same username again is 400; one taken case-insensitively is 409.
 */
export const changeUsernameRoute: Route = {
  method: 'POST',
  path: '/users/:id/username',
  async run(context) {
    const principal = await requirePrincipal(context)
    const userId = context.params.id ?? ''
    const isAdmin = principal.user.roles.includes('admin')
    if (userId !== principal.user.id && !isAdmin) throw new ForbiddenError('not allowed to change this user')
    const body = await readBody(context, usernameBody)
    const username = normalizeUsername(body.username)
    if (!username) throw new InvalidRequestError('invalid username', { fields: { username: 'invalid' } })
    const current = await context.deps.storage.getUserById(userId)
    if (!current) throw new NotFoundError('user not found')
    if (current.username === username.username)
      throw new InvalidRequestError('username is unchanged', { fields: { username: 'unchanged' } })
    const updated = await updateUser(context.deps, userId, { username: username.username })
    return jsonResponse(200, { user: toUser(updated) })
  },
}
