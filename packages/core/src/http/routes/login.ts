import { z } from 'zod'
import { InvalidRequestError } from '../../errors/errors.js'
import { verifyCredentials } from '../../flows/login.js'
import { toUser } from '../../users/to-user.js'
import { issueCredentials } from '../issue-credentials.js'
import { jsonResponse } from '../responses.js'
import { type Route, readBody } from '../route.js'

const loginBody = z.object({
  identifier: z.string().max(1024).optional(),
  email: z.string().max(1024).optional(),
  password: z.string().max(16_384),
})

/** POST /login: identifier (email or username) or email, and password; sets a new session cookie. */
export const loginRoute: Route = {
  method: 'POST',
  path: '/login',
  async run(context) {
    const { deps } = context
    const body = await readBody(context, loginBody)
    const identifier = body.identifier ?? body.email
    if (identifier === undefined)
      throw new InvalidRequestError('identifier or email is required', { fields: { identifier: 'required' } })
    if (body.identifier !== undefined && body.email !== undefined && body.identifier !== body.email)
      throw new InvalidRequestError('give identifier or email, not both', {
        fields: { identifier: 'ambiguous' },
      })
    const user = await verifyCredentials(
      deps,
      { identifier, password: body.password },
      { clientIp: context.clientIp },
    )
    // A session this browser already had is ended: a login always starts a new one (SES-4).
    const previous = await context.authenticate()
    if (previous?.session) await deps.storage.deleteSession(previous.session.id)
    const credentials = await issueCredentials(context, user)
    return jsonResponse(200, { user: toUser(user), ...credentials.body }, credentials.cookies)
  },
}
