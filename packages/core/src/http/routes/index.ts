import type { Route } from '../route.js'
import {
  confirmEmailVerificationRoute,
  confirmPasswordResetRoute,
  emailVerificationStatusRoute,
  requestEmailVerificationRoute,
  requestPasswordResetRoute,
} from './account-mail.js'
import { listUsersRoute, patchUserRoute, revokeUserSessionsRoute } from './admin.js'
import { createApiKeyRoute, deleteApiKeyRoute, listApiKeysRoute } from './api-keys.js'
import { changePasswordRoute } from './change-password.js'
import { jwksRoute } from './jwks.js'
import { loginRoute } from './login.js'
import { logoutRoute } from './logout.js'
import { getMeRoute, patchMeRoute } from './me.js'
import { refreshRoute } from './refresh.js'
import { registerRoute } from './register.js'
import { listSessionsRoute, revokeSessionRoute, revokeSessionsRoute } from './sessions.js'
import {
  loginTwoFactorRoute,
  regenerateBackupCodesRoute,
  totpDisableRoute,
  totpEnableRoute,
  totpSetupRoute,
  twoFactorStatusRoute,
} from './two-factor.js'
import { changeUsernameRoute } from './username.js'

/** Every endpoint of the contract this version serves, but those of opt-in features (passkeys). */
export const routes: readonly Route[] = [
  registerRoute,
  loginRoute,
  logoutRoute,
  getMeRoute,
  patchMeRoute,
  changePasswordRoute,
  listSessionsRoute,
  revokeSessionRoute,
  revokeSessionsRoute,
  refreshRoute,
  createApiKeyRoute,
  listApiKeysRoute,
  deleteApiKeyRoute,
  jwksRoute,
  changeUsernameRoute,
  requestEmailVerificationRoute,
  confirmEmailVerificationRoute,
  emailVerificationStatusRoute,
  requestPasswordResetRoute,
  confirmPasswordResetRoute,
  listUsersRoute,
  patchUserRoute,
  revokeUserSessionsRoute,
  loginTwoFactorRoute,
  twoFactorStatusRoute,
  totpSetupRoute,
  totpEnableRoute,
  totpDisableRoute,
  regenerateBackupCodesRoute,
]
