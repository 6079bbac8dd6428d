import * as z from 'zod/mini'
import { confirmEmailVerification, requestEmailVerification } from '../../account/email-verification.js'
import { confirmPasswordReset, requestPasswordReset } from '../../account/password-reset.js'
import { NotFoundError } from '../../errors/errors.js'
import { hitRateLimit } from '../../rate-limit/rate-limit.js'
import { normalizeEmail } from '../../users/normalize.js'
import { isJsonContentType } from '../read-json.js'
import { emptyResponse, jsonResponse } from '../responses.js'
import { type Route, type RouteContext, readBody, requirePrincipal } from '../route.js'

/** The one answer to every request for mail: it never tells whether an account exists. */
const ACCEPTED = { message: 'If the address belongs to an account, a message is on its way.' }

function requireMailer(context: RouteContext): void {
  if (!context.deps.mailer) throw new NotFoundError('not found')
}

async function limitPerIp(context: RouteContext): Promise<void> {
  const { deps, clientIp } = context
  if (clientIp) await hitRateLimit(deps, 'recovery:ip', clientIp, deps.config.rateLimit.recoveryPerIp)
}

/** Runs mail work after the answer; a failure is logged (the token was already withdrawn). */
export function afterResponse(context: RouteContext, work: () => Promise<void>): void {
  const running = work().catch((error: unknown) =>
    context.deps.logger.error('account mail was not sent', error),
  )
  context.waitUntil?.(running)
}

const emailBody = z.object({ email: z.optional(z.string().check(z.maxLength(320))) })

/**
 * POST /email-verification/request: for the signed-in user, or `{email}` without signing in.
 * Always 202 with the same body; limited per address and per IP (429 + Retry-After).
 */
export const requestEmailVerificationRoute: Route = {
  method: 'POST',
  path: '/email-verification/request',
  async run(context) {
    requireMailer(context)
    const { deps } = context
    await limitPerIp(context)
    const principal = await context.authenticate()
    const body = isJsonContentType(context.request.headers.get('content-type'))
      ? await readBody(context, emailBody)
      : {}
    let user = principal ? await deps.storage.getUserById(principal.user.id) : null
    if (!user && body.email !== undefined) {
      const email = normalizeEmail(body.email)
      if (email) {
        // Counted per address whether or not it has an account, so the 429 tells nothing.
        user = await deps.storage.getUserByEmail(email.key)
        if (!user) await hitRateLimit(deps, 'mail:address', email.key, deps.config.rateLimit.mailPerAddress)
      }
    }
    const work = user ? await requestEmailVerification(deps, user) : null
    if (work) afterResponse(context, work)
    return jsonResponse(202, ACCEPTED)
  },
}

const tokenBody = z.object({ token: z.string().check(z.maxLength(1024)) })

/** POST /email-verification/confirm: `{token}` → 204; 400 `invalid_token` when unknown, used or expired. */
export const confirmEmailVerificationRoute: Route = {
  method: 'POST',
  path: '/email-verification/confirm',
  async run(context) {
    requireMailer(context)
    await limitPerIp(context)
    const body = await readBody(context, tokenBody)
    await confirmEmailVerification(context.deps, body.token)
    return emptyResponse(204)
  },
}

/** GET /email-verification/status: `{email, verified}` for the signed-in user. */
export const emailVerificationStatusRoute: Route = {
  method: 'GET',
  path: '/email-verification/status',
  async run(context) {
    const principal = await requirePrincipal(context)
    return jsonResponse(200, { email: principal.user.email, verified: principal.user.emailVerified })
  },
}

const resetRequestBody = z.object({ email: z.string().check(z.maxLength(320)) })

/**
 * POST /password-reset/request: `{email}` → always 202 with the same body, answered before any
 * mail is sent; mail only to existing, active accounts; limited per address and per IP.
 */
export const requestPasswordResetRoute: Route = {
  method: 'POST',
  path: '/password-reset/request',
  async run(context) {
    requireMailer(context)
    await limitPerIp(context)
    const body = await readBody(context, resetRequestBody)
    const work = await requestPasswordReset(context.deps, body.email)
    if (work) afterResponse(context, work)
    return jsonResponse(202, ACCEPTED)
  },
}

const resetConfirmBody = z.object({
  token: z.string().check(z.maxLength(1024)),
  newPassword: z.string().check(z.maxLength(16_384)),
})

/**
 * POST /password-reset/confirm: `{token, newPassword}` → 204; every session and refresh token of
 * the account is revoked and nobody is logged in. 400 `invalid_token` / `weak_password`.
 */
export const confirmPasswordResetRoute: Route = {
  method: 'POST',
  path: '/password-reset/confirm',
  async run(context) {
    requireMailer(context)
    await limitPerIp(context)
    const body = await readBody(context, resetConfirmBody)
    await confirmPasswordReset(context.deps, body.token, body.newPassword)
    return emptyResponse(204)
  },
}
