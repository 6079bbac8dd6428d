import * as z from 'zod/mini'
import { changePassword } from '../../flows/change-password.js'
import { emptyResponse } from '../responses.js'
import { type Route, readBody, requirePrincipal } from '../route.js'

const changePasswordBody = z.object({
  currentPassword: z.string().check(z.maxLength(16_384)),
  newPassword: z.string().check(z.maxLength(16_384)),
})

/** POST /change-password: checks the current password, sets the new one, revokes the other sessions. */
export const changePasswordRoute: Route = {
  method: 'POST',
  path: '/change-password',
  async run(context) {
    const principal = await requirePrincipal(context)
    const body = await readBody(context, changePasswordBody)
    await changePassword(context.deps, principal.user.id, {
      currentPassword: body.currentPassword,
      newPassword: body.newPassword,
      ...(principal.sessionId ? { keepSessionId: principal.sessionId } : {}),
    })
    return emptyResponse(204)
  },
}
