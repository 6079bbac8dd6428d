import * as z from 'zod/mini'
import { UnauthenticatedError } from '../../errors/errors.js'
import {
  disableTotp,
  enableTotp,
  regenerateBackupCodes,
  setupTotp,
  twoFactorStatus,
} from '../../flows/totp.js'
import { completeTwoFactorLogin } from '../../flows/two-factor-login.js'
import type { UserRecord } from '../../storage/types.js'
import { toUser } from '../../users/to-user.js'
import { issueCredentials } from '../issue-credentials.js'
import { emptyResponse, jsonResponse } from '../responses.js'
import { type Route, type RouteContext, readBody, requireRecentLogin, requireSignedIn } from '../route.js'

const codeBody = z.object({ code: z.string().check(z.maxLength(128)) })
const proofBody = z.object({
  code: z.optional(z.string().check(z.maxLength(128))),
  password: z.optional(z.string().check(z.maxLength(16_384))),
})
const secondStepBody = z.object({
  challenge: z.string().check(z.maxLength(256)),
  code: z.string().check(z.maxLength(128)),
})

/** The signed-in user's stored record (flows need the email, username and password hash). */
async function signedInUser(context: RouteContext, recent = false): Promise<UserRecord> {
  const principal = recent ? await requireRecentLogin(context) : await requireSignedIn(context)
  const user = await context.deps.storage.getUserById(principal.user.id)
  if (!user) throw new UnauthenticatedError('authentication required')
  return user
}

/** GET /two-factor: `{ totp, passkeys, backupCodesRemaining }` of the caller. */
export const twoFactorStatusRoute: Route = {
  method: 'GET',
  path: '/two-factor',
  async run(context) {
    const principal = await requireSignedIn(context)
    return jsonResponse(200, await twoFactorStatus(context.deps, principal.user.id))
  },
}

/**
 * POST /two-factor/totp/setup: a pending TOTP secret, `{ secret, otpauthUri, qrCodeSvg }`, shown
 * once. Needs a recent login (403 `reauthentication_required` otherwise).
 */
export const totpSetupRoute: Route = {
  method: 'POST',
  path: '/two-factor/totp/setup',
  async run(context) {
    const user = await signedInUser(context, true)
    return jsonResponse(200, await setupTotp(context.deps, user))
  },
}

/** POST /two-factor/totp/enable `{ code }`: confirms the setup; 200 `{ backupCodes }`, shown once. */
export const totpEnableRoute: Route = {
  method: 'POST',
  path: '/two-factor/totp/enable',
  async run(context) {
    const user = await signedInUser(context)
    const body = await readBody(context, codeBody)
    return jsonResponse(200, await enableTotp(context.deps, user, body.code, context.clientIp))
  },
}

/** POST /two-factor/totp/disable `{ code }` or `{ password }`: 204. */
export const totpDisableRoute: Route = {
  method: 'POST',
  path: '/two-factor/totp/disable',
  async run(context) {
    const user = await signedInUser(context)
    const body = await readBody(context, proofBody)
    await disableTotp(context.deps, user, body, context.clientIp)
    return emptyResponse(204)
  },
}

/** POST /two-factor/backup-codes `{ code }` or `{ password }`: 200 `{ backupCodes }`; old codes die. */
export const regenerateBackupCodesRoute: Route = {
  method: 'POST',
  path: '/two-factor/backup-codes',
  async run(context) {
    const user = await signedInUser(context)
    const body = await readBody(context, proofBody)
    return jsonResponse(200, await regenerateBackupCodes(context.deps, user, body, context.clientIp))
  },
}

/**
 * POST /login/two-factor `{ challenge, code }`: the second step of a password login on a 2FA
 * account, with a TOTP code or a backup code. 200 `{ user, ...credentials }` with a new session.
 */
export const loginTwoFactorRoute: Route = {
  method: 'POST',
  path: '/login/two-factor',
  async run(context) {
    const { deps } = context
    const body = await readBody(context, secondStepBody)
    const user = await completeTwoFactorLogin(deps, body, { clientIp: context.clientIp })
    const previous = await context.authenticate()
    if (previous?.session) await deps.storage.deleteSession(previous.session.id)
    const credentials = await issueCredentials(context, user)
    return jsonResponse(200, { user: toUser(user), ...credentials.body }, credentials.cookies)
  },
}
