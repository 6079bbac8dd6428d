import * as z from 'zod/mini'
import { InvalidRequestError } from '../../errors/errors.js'
import { checkPassword, recordLogin } from '../../flows/login.js'
import { startTwoFactorLogin, twoFactorMethods } from '../../flows/two-factor-login.js'
import { toUser } from '../../users/to-user.js'
import { issueCredentials } from '../issue-credentials.js'
import { jsonResponse } from '../responses.js'
import { type Route, readBody } from '../route.js'

const loginBody = z.object({
  identifier: z.optional(z.string().check(z.maxLength(1024))),
  email: z.optional(z.string().check(z.maxLength(1024))),
  password: z.string().check(z.maxLength(16_384)),
})

/**
 * POST /login: identifier (email or username) or email, and password; sets a new session cookie.
 * An account with a second factor gets 401 `two_factor_required` with a challenge instead, and no
 * credential of any kind (OTP-7): `POST /login/two-factor` or the passkey login finishes it.
 */
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
    const checked = await checkPassword(
      deps,
      { identifier, password: body.password },
      { clientIp: context.clientIp },
    )
    const methods = await twoFactorMethods(deps, checked.id)
    if (methods.length > 0) {
      const pending = await startTwoFactorLogin(deps, checked, methods)
      return jsonResponse(401, {
        error: { code: 'two_factor_required', message: 'a second factor is required' },
        ...pending,
      })
    }
    const user = await recordLogin(deps, checked, context.clientIp)
    // A session this browser already had is ended: a login always starts a new one (SES-4).
    const previous = await context.authenticate()
    if (previous?.session) await deps.storage.deleteSession(previous.session.id)
    const credentials = await issueCredentials(context, user)
    return jsonResponse(200, { user: toUser(user), ...credentials.body }, credentials.cookies)
  },
}
