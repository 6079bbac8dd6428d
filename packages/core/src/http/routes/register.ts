import * as z from 'zod/mini'
import { requestEmailVerification } from '../../account/email-verification.js'
import { emitEvent } from '../../events/events.js'
import { createUser } from '../../flows/register.js'
import { hitRateLimit } from '../../rate-limit/rate-limit.js'
import { toUser } from '../../users/to-user.js'
import { issueCredentials } from '../issue-credentials.js'
import { jsonResponse } from '../responses.js'
import { type Route, readBody } from '../route.js'
import { afterResponse } from './account-mail.js'

const registerBody = z.looseObject({
  email: z.string().check(z.maxLength(320)),
  password: z.string().check(z.maxLength(16_384)),
  username: z.optional(z.nullable(z.string().check(z.maxLength(64)))),
})

/** POST /register: creates the account and, unless email verification is required, logs in. */
export const registerRoute: Route = {
  method: 'POST',
  path: '/register',
  async run(context) {
    const { deps } = context
    const body = await readBody(context, registerBody)
    if (context.clientIp)
      await hitRateLimit(deps, 'register:ip', context.clientIp, deps.config.rateLimit.registerPerIp)
    const { email, password, username, ...rest } = body
    const user = await createUser(deps, { email, password, username: username ?? null, fields: rest })
    await emitEvent(deps, 'user_registered', { userId: user.id, ip: context.clientIp })
    if (deps.mailer && deps.config.mail.emailVerification.sendOnRegister) {
      const work = await requestEmailVerification(deps, user)
      if (work) afterResponse(context, work)
    }
    if (deps.config.user.requireEmailVerification) return jsonResponse(201, { user: toUser(user) })
    const credentials = await issueCredentials(context, user)
    return jsonResponse(201, { user: toUser(user), ...credentials.body }, credentials.cookies)
  },
}
