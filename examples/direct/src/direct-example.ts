import {
  createAuth,
  createSecretBox,
  generateBackupCodes,
  generateTotpSecret,
  hashBackupCode,
  InvalidCredentialsError,
  randomToken,
  totpCode,
  totpKeyUri,
  totpStep,
  verifyTotpCode,
} from '@portcullis/core'
import { createMemoryStorage } from '@portcullis/memory'

/** Options of {@link runDirectExample}. */
export interface DirectExampleOptions {
  /** Where each step is described. @default console.log */
  log?: (line: string) => void
  /** The server secret, 32+ characters (`AUTH_SECRET`). @default a random one for this run */
  secret?: string | undefined
  /** The current time, for the TOTP steps. @default () => new Date() */
  now?: () => Date
}

/** What the run did, for tests and callers that want more than the printed lines. */
export interface DirectExampleReport {
  userIds: string[]
  /** `verifyCredentials` with a wrong password threw `InvalidCredentialsError` (`invalid_credentials`, 401). */
  wrongPasswordRefused: boolean
  /** The session validated right after creation, and not after revocation. */
  sessionValidBeforeRevoke: boolean
  sessionValidAfterRevoke: boolean
  /** Sessions revoked by `revokeSessions` (all but the one kept). */
  otherSessionsRevoked: number
  /** The `sub` of the verified access token, and whether a tampered copy failed. */
  accessTokenSubject: string | null
  tamperedTokenRefused: boolean
  /** TOTP: the code matched, the same code was refused the second time, the sealed secret reopened. */
  totpAccepted: boolean
  totpReplayRefused: boolean
  totpSecretReopened: boolean
  /** The emails `listUsers` returned, in its order. */
  listedEmails: string[]
}

const PASSWORD = 'correct horse battery staple'

/**
 * Walks the trusted server API (`auth.api.*`) without any HTTP: creates users, checks a
 * password, creates, validates, lists and revokes sessions, issues and verifies an access token,
 * enrolls a TOTP secret with core's primitives, and lists users. Every step prints one line.
 *
 * @param options - Where to print, the secret, the clock.
 * @returns What happened, step by step.
 * @example
 * const report = await runDirectExample({ log: () => undefined })
 * report.sessionValidAfterRevoke // false
 */
export async function runDirectExample(options: DirectExampleOptions = {}): Promise<DirectExampleReport> {
  const log = options.log ?? console.log
  const now = options.now ?? (() => new Date())
  const secret = options.secret ?? randomToken(32)
  const auth = createAuth({
    storage: createMemoryStorage(),
    origins: 'http://localhost:8787',
    mode: 'development',
    secret,
    // Access tokens; in development core generates an Ed25519 key for this process.
    jwt: {},
    logger: { warn: (message) => log(`  (core) ${message}`), error: (message) => log(`  (core) ${message}`) },
  })

  log('1. create users')
  const ada = await auth.api.createUser({ email: 'ada@example.com', password: PASSWORD, username: 'ada' })
  const grace = await auth.api.createUser({
    email: 'grace@example.com',
    password: PASSWORD,
    roles: ['admin'],
  })
  log(`   created ${ada.email} (${ada.id}) and ${grace.email} with roles ${JSON.stringify(grace.roles)}`)
  log(`   the user object has no password hash: ${!('passwordHash' in ada)}`)

  log('2. verify credentials')
  const verified = await auth.api.verifyCredentials({ identifier: 'ada', password: PASSWORD })
  log(`   right password (by username): ${verified.email}`)
  let wrongPasswordRefused = false
  try {
    await auth.api.verifyCredentials({ identifier: 'ada@example.com', password: 'not the password at all' })
  } catch (error) {
    if (!(error instanceof InvalidCredentialsError)) throw error
    wrongPasswordRefused = true
    log(`   wrong password: ${error.name} ${error.code} ${error.status}`)
  }

  log('3. sessions')
  const first = await auth.api.createSession(ada.id, { ip: '203.0.113.7', userAgent: 'direct-example' })
  const second = await auth.api.createSession(ada.id)
  log(`   created two sessions; Set-Cookie for the first: ${first.cookie.split(';')[0]!.split('=')[0]}=…`)
  const validated = await auth.api.validateSession(first.token)
  const sessionValidBeforeRevoke = validated?.user.id === ada.id
  log(
    `   validateSession(first) → ${validated ? `session ${validated.session.id} of ${validated.user.email}` : 'null'}`,
  )
  log(`   listSessions → ${(await auth.api.listSessions(ada.id)).length} sessions`)
  await auth.api.revokeSession(ada.id, first.session.id)
  const sessionValidAfterRevoke = (await auth.api.validateSession(first.token)) !== null
  log(`   revokeSession(first); validateSession(first) → ${sessionValidAfterRevoke ? 'still valid' : 'null'}`)
  const third = await auth.api.createSession(ada.id)
  const otherSessionsRevoked = await auth.api.revokeSessions(ada.id, { exceptSessionId: third.session.id })
  log(
    `   revokeSessions(except the newest) → ${otherSessionsRevoked} revoked; second valid: ${(await auth.api.validateSession(second.token)) !== null}`,
  )

  log('4. access tokens')
  const jwt = auth.api.jwt
  if (!jwt) throw new Error('access tokens are not configured')
  const { accessToken, expiresIn } = await jwt.createAccessToken(grace.id, { scopes: ['posts:read'] })
  const payload = await jwt.verify(accessToken)
  log(
    `   issued a ${expiresIn} s token for ${grace.email}; verify → sub ${payload?.sub}, roles ${JSON.stringify(payload?.roles)}`,
  )
  const tampered = `${accessToken.slice(0, -4)}${accessToken.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`
  const tamperedTokenRefused = (await jwt.verify(tampered)) === null
  log(`   a token with a changed signature → ${tamperedTokenRefused ? 'null (refused)' : 'accepted!'}`)
  const jwks = await jwt.jwks()
  log(`   JWKS: ${jwks.keys.map((key) => `${key.kid} (${key.alg})`).join(', ')}`)

  log('5. TOTP enrolment with the primitives')
  // auth.api has no TOTP enrolment: the HTTP contract does it (POST /auth/two-factor/totp/setup,
  // then /enable with a code). An app with its own flow uses the same primitives as core:
  const totpSecret = generateTotpSecret()
  const uri = totpKeyUri({ issuer: 'Direct example', accountName: ada.email, secret: totpSecret })
  log(`   secret generated; the authenticator app would scan ${uri.replace(/secret=[A-Z2-7]+/, 'secret=…')}`)
  const box = createSecretBox(secret)
  const sealed = await box.seal(totpSecret, ada.id)
  const reopened = await box.open(sealed, ada.id)
  const totpSecretReopened =
    reopened?.length === totpSecret.length && reopened.every((byte, i) => byte === totpSecret[i])
  log(
    `   sealed for storage (AES-256-GCM, bound to the user id): reopened ${totpSecretReopened}, as another user: ${await box.open(sealed, grace.id)}`,
  )
  const code = totpCode(totpSecret, totpStep(now()))
  const step = verifyTotpCode(totpSecret, code, now())
  const totpAccepted = step !== null
  const replay = step === null ? null : verifyTotpCode(totpSecret, code, now(), { afterStep: step })
  const totpReplayRefused = step !== null && replay === null
  log(
    `   code from the app → accepted at step ${step}; the same code again (afterStep) → ${replay ?? 'refused'}`,
  )
  const backupCodes = generateBackupCodes(3)
  log(
    `   ${backupCodes.length} backup codes, stored as SHA-256: ${backupCodes.map((c) => hashBackupCode(c)?.slice(0, 8)).join(', ')}…`,
  )
  const status = await auth.api.twoFactorStatus(ada.id)
  log(
    `   twoFactorStatus(ada) → ${JSON.stringify(status)} (nothing stored: this run keeps the factor itself)`,
  )

  log('6. list users')
  const users = await auth.api.listUsers({ limit: 10 })
  log(`   ${users.length} users: ${users.map((user) => user.email).join(', ')}`)

  return {
    userIds: [ada.id, grace.id],
    wrongPasswordRefused,
    sessionValidBeforeRevoke,
    sessionValidAfterRevoke,
    otherSessionsRevoked,
    accessTokenSubject: payload?.sub ?? null,
    tamperedTokenRefused,
    totpAccepted,
    totpReplayRefused,
    totpSecretReopened,
    listedEmails: users.map((user) => user.email),
  }
}
