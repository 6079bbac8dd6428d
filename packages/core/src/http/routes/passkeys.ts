import * as z from 'zod/mini'
import { UnauthenticatedError } from '../../errors/errors.js'
import {
  deletePasskey,
  finishPasskeyLogin,
  finishPasskeyRegistration,
  listPasskeys,
  startPasskeyLogin,
  startPasskeyRegistration,
} from '../../flows/passkeys.js'
import { toUser } from '../../users/to-user.js'
import { issueCredentials } from '../issue-credentials.js'
import { emptyResponse, jsonResponse } from '../responses.js'
import { type Route, readBody, requireRecentLogin, requireSignedIn } from '../route.js'

/** The browser's `PublicKeyCredential.toJSON()`; its parts are checked by the verifier. */
const credentialJson = z.record(z.string(), z.unknown())
const registerVerifyBody = z.object({
  response: credentialJson,
  name: z.optional(z.string().check(z.maxLength(200))),
})
const loginOptionsBody = z.object({ challenge: z.optional(z.string().check(z.maxLength(256))) })
const loginVerifyBody = z.object({
  response: credentialJson,
  challenge: z.optional(z.string().check(z.maxLength(256))),
})

/**
 * POST /passkeys/register/options: creation options for the signed-in user. Needs a recent login
 * (403 `reauthentication_required` otherwise): a passkey is a way in.
 */
export const passkeyRegisterOptionsRoute: Route = {
  method: 'POST',
  path: '/passkeys/register/options',
  async run(context) {
    const principal = await requireRecentLogin(context)
    const user = await context.deps.storage.getUserById(principal.user.id)
    if (!user) throw new UnauthenticatedError('authentication required')
    return jsonResponse(200, { options: await startPasskeyRegistration(context.deps, user) })
  },
}

/** POST /passkeys/register/verify `{ response, name? }`: stores the passkey; 200 `{ passkey }`. */
export const passkeyRegisterVerifyRoute: Route = {
  method: 'POST',
  path: '/passkeys/register/verify',
  async run(context) {
    const principal = await requireSignedIn(context)
    const user = await context.deps.storage.getUserById(principal.user.id)
    if (!user) throw new UnauthenticatedError('authentication required')
    const body = await readBody(context, registerVerifyBody)
    return jsonResponse(200, {
      passkey: await finishPasskeyRegistration(context.deps, user, body.response, body.name),
    })
  },
}

/**
 * POST /passkeys/login/options `{ challenge? }`: request options. Without `challenge`, a
 * passwordless login; with the challenge of a password login, the second factor.
 */
export const passkeyLoginOptionsRoute: Route = {
  method: 'POST',
  path: '/passkeys/login/options',
  async run(context) {
    const body = await readBody(context, loginOptionsBody)
    return jsonResponse(200, {
      options: await startPasskeyLogin(context.deps, { twoFactorChallenge: body.challenge }),
    })
  },
}

/** POST /passkeys/login/verify `{ response, challenge? }`: 200 `{ user, ...credentials }` with a new session. */
export const passkeyLoginVerifyRoute: Route = {
  method: 'POST',
  path: '/passkeys/login/verify',
  async run(context) {
    const { deps } = context
    const body = await readBody(context, loginVerifyBody)
    const user = await finishPasskeyLogin(
      deps,
      body.response,
      { twoFactorChallenge: body.challenge },
      { clientIp: context.clientIp },
    )
    const previous = await context.authenticate()
    if (previous?.session) await deps.storage.deleteSession(previous.session.id)
    const credentials = await issueCredentials(context, user)
    return jsonResponse(200, { user: toUser(user), ...credentials.body }, credentials.cookies)
  },
}

/** GET /passkeys: the caller's passkeys, newest first, no key material. */
export const listPasskeysRoute: Route = {
  method: 'GET',
  path: '/passkeys',
  async run(context) {
    const principal = await requireSignedIn(context)
    return jsonResponse(200, { passkeys: await listPasskeys(context.deps, principal.user.id) })
  },
}

/** DELETE /passkeys/:id: 204, or 404 when it is not the caller's. */
export const deletePasskeyRoute: Route = {
  method: 'DELETE',
  path: '/passkeys/:id',
  async run(context) {
    const principal = await requireSignedIn(context)
    await deletePasskey(context.deps, principal.user.id, context.params.id ?? '')
    return emptyResponse(204)
  },
}

/** The endpoints `passkeys()` adds. */
export const passkeyRoutes: readonly Route[] = [
  passkeyRegisterOptionsRoute,
  passkeyRegisterVerifyRoute,
  passkeyLoginOptionsRoute,
  passkeyLoginVerifyRoute,
  listPasskeysRoute,
  deletePasskeyRoute,
]
