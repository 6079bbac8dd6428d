// The demo page: a small client of the Portcullis JSON API under /auth. No framework, no build.
// Every write to the page goes through textContent or attributes, never through HTML strings
// (the Content-Security-Policy enforces Trusted Types, so innerHTML would throw).

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id))

const status = $('status')

/** Puts a message in the live region; screen readers announce it. */
function say(message, kind = 'info') {
  status.textContent = message
  status.dataset.kind = kind
}

/** A JSON error answer of the API: `{ error: { code, message } }`. */
class ApiError extends Error {
  constructor(httpStatus, body) {
    super(body?.error?.message ?? `request failed with HTTP ${httpStatus}`)
    this.status = httpStatus
    this.code = body?.error?.code ?? `http_${httpStatus}`
    this.body = body
  }
}

/** Calls `/auth<path>`; resolves with the JSON body (null for 204), rejects with an ApiError. */
async function api(method, path, body) {
  const response = await fetch(`/auth${path}`, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const data = response.status === 204 ? null : await response.json().catch(() => null)
  if (!response.ok) throw new ApiError(response.status, data)
  return data
}

function describeError(error) {
  if (error instanceof ApiError) return `${error.message} (${error.code})`
  if (error instanceof DOMException && error.name === 'NotAllowedError')
    return 'The passkey prompt was cancelled or timed out.'
  return error instanceof Error ? error.message : String(error)
}

/** Wraps a handler: no page reload, its buttons disabled while it runs, errors shown. */
function action(handler) {
  return async (event) => {
    event.preventDefault()
    const scope = event.currentTarget instanceof HTMLFormElement ? event.currentTarget : null
    const buttons = scope ? [...scope.querySelectorAll('button')] : [event.currentTarget]
    for (const button of buttons) button.disabled = true
    try {
      await handler(event)
    } catch (error) {
      say(describeError(error), 'error')
    } finally {
      for (const button of buttons) button.disabled = false
    }
  }
}

const on = (id, type, handler) => $(id).addEventListener(type, action(handler))
const formValue = (form, name) => String(new FormData(form).get(name) ?? '').trim()
const when = (value) => (value ? new Date(value).toLocaleString() : 'never')

/** A list item with text and, optionally, a button. */
function listItem(text, button) {
  const item = document.createElement('li')
  item.append(text)
  if (button) {
    const element = document.createElement('button')
    element.type = 'button'
    element.textContent = button.label
    element.setAttribute('aria-label', button.ariaLabel)
    element.addEventListener('click', action(button.run))
    item.append(' ', element)
  }
  return item
}

// --- WebAuthn: JSON options in, JSON credential out ------------------------------------------

const fromBase64url = (text) =>
  Uint8Array.from(atob(text.replaceAll('-', '+').replaceAll('_', '/')), (char) => char.charCodeAt(0))
const toBase64url = (buffer) =>
  btoa(String.fromCharCode(...new Uint8Array(buffer)))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '')
const withIds = (list) => list?.map((descriptor) => ({ ...descriptor, id: fromBase64url(descriptor.id) }))

/** `PublicKeyCredentialCreationOptionsJSON` → options for `navigator.credentials.create`. */
function creationOptions(json) {
  if (PublicKeyCredential.parseCreationOptionsFromJSON)
    return PublicKeyCredential.parseCreationOptionsFromJSON(json)
  return {
    ...json,
    challenge: fromBase64url(json.challenge),
    user: { ...json.user, id: fromBase64url(json.user.id) },
    excludeCredentials: withIds(json.excludeCredentials),
  }
}

/** `PublicKeyCredentialRequestOptionsJSON` → options for `navigator.credentials.get`. */
function requestOptions(json) {
  if (PublicKeyCredential.parseRequestOptionsFromJSON)
    return PublicKeyCredential.parseRequestOptionsFromJSON(json)
  return {
    ...json,
    challenge: fromBase64url(json.challenge),
    allowCredentials: withIds(json.allowCredentials),
  }
}

/** The credential as JSON, the way `credential.toJSON()` gives it. */
function credentialJson(credential) {
  if (typeof credential.toJSON === 'function') return credential.toJSON()
  const r = credential.response
  const response = { clientDataJSON: toBase64url(r.clientDataJSON) }
  if (r.attestationObject) {
    response.attestationObject = toBase64url(r.attestationObject)
    response.transports = r.getTransports?.() ?? []
  } else {
    response.authenticatorData = toBase64url(r.authenticatorData)
    response.signature = toBase64url(r.signature)
    response.userHandle = r.userHandle ? toBase64url(r.userHandle) : null
  }
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    clientExtensionResults: credential.getClientExtensionResults(),
    response,
  }
}

/** Asks the authenticator for a passkey and finishes the login (challenge: the 2FA step). */
async function passkeyLogin(challenge) {
  const body = challenge ? { challenge } : {}
  const { options } = await api('POST', '/passkeys/login/options', body)
  say('Waiting for your passkey…')
  const credential = await navigator.credentials.get({ publicKey: requestOptions(options) })
  const { user } = await api('POST', '/passkeys/login/verify', {
    ...body,
    response: credentialJson(credential),
  })
  await showSignedIn(user)
  say(`Signed in with a passkey as ${user.email}.`, 'success')
}

// --- signed out: register, log in, second step ---------------------------------------------

/** The pending second step of a password login: `{ challenge, methods }`. */
let secondStep = null

const methodNames = { totp: 'authenticator app', backup_code: 'backup code', webauthn: 'passkey' }

function startSecondStep(answer) {
  secondStep = { challenge: answer.challenge, methods: answer.methods }
  const usesCode = answer.methods.includes('totp') || answer.methods.includes('backup_code')
  $('second-step-methods').textContent =
    `This account has a second factor. Use one of: ${answer.methods.map((m) => methodNames[m] ?? m).join(', ')}.`
  $('second-step-form').hidden = !usesCode
  $('second-step-passkey').hidden = !answer.methods.includes('webauthn')
  $('second-step').hidden = false
  $('login-form').reset()
  $('second-step-title').focus()
  say('Password accepted: one more step.')
}

function endSecondStep() {
  secondStep = null
  $('second-step').hidden = true
  $('second-step-form').reset()
}

on('register-form', 'submit', async (event) => {
  const form = event.currentTarget
  const { user } = await api('POST', '/register', {
    email: formValue(form, 'email'),
    password: new FormData(form).get('password'),
  })
  form.reset()
  await showSignedIn(user)
  say(`Account created: signed in as ${user.email}.`, 'success')
})

on('login-form', 'submit', async (event) => {
  const form = event.currentTarget
  try {
    const { user } = await api('POST', '/login', {
      identifier: formValue(form, 'identifier'),
      password: new FormData(form).get('password'),
    })
    form.reset()
    await showSignedIn(user)
    say(`Signed in as ${user.email}.`, 'success')
  } catch (error) {
    if (error instanceof ApiError && error.code === 'two_factor_required') startSecondStep(error.body)
    else throw error
  }
})

on('second-step-form', 'submit', async (event) => {
  if (!secondStep) return
  try {
    const { user } = await api('POST', '/login/two-factor', {
      challenge: secondStep.challenge,
      code: formValue(event.currentTarget, 'code'),
    })
    await showSignedIn(user)
    say(`Signed in as ${user.email}.`, 'success')
  } catch (error) {
    // A used-up or expired challenge cannot be retried: back to the password.
    if (error instanceof ApiError && error.code === 'invalid_challenge') endSecondStep()
    throw error
  }
})

on('second-step-passkey', 'click', () => passkeyLogin(secondStep?.challenge))
on('second-step-cancel', 'click', () => {
  endSecondStep()
  say('Sign-in cancelled.')
})
on('passkey-login', 'click', () => passkeyLogin())

// --- signed in: account, sessions, TOTP, passkeys ------------------------------------------

async function showSignedIn(user) {
  endSecondStep()
  $('user-email').textContent = user.email
  $('signed-out').hidden = true
  $('signed-in').hidden = false
  $('account-title').focus()
  await Promise.all([loadSessions(), loadTwoFactor(), loadPasskeys()])
}

function showSignedOut() {
  endSecondStep()
  $('signed-in').hidden = true
  $('signed-out').hidden = false
  $('totp-pending').hidden = true
  $('backup-codes').hidden = true
  $('backup-codes-list').replaceChildren()
  $('user-email').textContent = ''
}

on('logout', 'click', async () => {
  await api('POST', '/logout')
  showSignedOut()
  say('Signed out.')
})

async function loadSessions() {
  const { sessions } = await api('GET', '/sessions')
  $('sessions-list').replaceChildren(
    ...sessions.map((session) => {
      const where = [session.userAgent, session.ip].filter(Boolean).join(', ') || 'unknown device'
      const text = `${session.current ? 'This browser' : where}: signed in ${when(session.createdAt)}, last seen ${when(session.lastSeenAt)}`
      return listItem(text, {
        label: 'Revoke',
        ariaLabel: `Revoke the session signed in ${when(session.createdAt)}`,
        run: async () => {
          await api('DELETE', `/sessions/${encodeURIComponent(session.id)}`)
          if (session.current) {
            showSignedOut()
            say('This session was revoked: signed out.')
          } else {
            await loadSessions()
            say('Session revoked.', 'success')
          }
        },
      })
    }),
  )
}

async function loadTwoFactor() {
  const state = await api('GET', '/two-factor')
  const pending = !$('totp-pending').hidden
  $('totp-state').textContent = state.totp
    ? `On. Backup codes left: ${state.backupCodesRemaining}.`
    : 'Off: signing in needs only the password (or a passkey).'
  $('totp-setup').hidden = state.totp || pending
  $('totp-disable-form').hidden = !state.totp
}

on('totp-setup', 'click', async () => {
  const setup = await api('POST', '/two-factor/totp/setup')
  // Shown as an image: an SVG in <img> runs no script, whatever it contains.
  $('totp-qr').setAttribute('src', `data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrCodeSvg)}`)
  $('totp-secret').textContent = setup.secret
  $('totp-pending').hidden = false
  $('totp-setup').hidden = true
  $('totp-enable-code').focus()
  say('Scan the QR code, then enter the code your app shows.')
})

on('totp-enable-form', 'submit', async (event) => {
  const form = event.currentTarget
  const { backupCodes } = await api('POST', '/two-factor/totp/enable', { code: formValue(form, 'code') })
  form.reset()
  $('totp-pending').hidden = true
  $('totp-secret').textContent = ''
  $('totp-qr').removeAttribute('src')
  $('backup-codes-list').replaceChildren(...backupCodes.map((code) => listItem(code)))
  $('backup-codes').hidden = false
  $('backup-codes-title').focus()
  await loadTwoFactor()
  say('Authenticator app turned on. Save your backup codes.', 'success')
})

on('backup-codes-done', 'click', () => {
  $('backup-codes').hidden = true
  $('backup-codes-list').replaceChildren()
  $('totp-title').focus()
})

on('totp-disable-form', 'submit', async (event) => {
  const form = event.currentTarget
  const code = formValue(form, 'code')
  const password = String(new FormData(form).get('password') ?? '')
  if (!code && !password) {
    say('Enter a code or your password to turn the authenticator app off.', 'error')
    return
  }
  await api('POST', '/two-factor/totp/disable', code ? { code } : { password })
  form.reset()
  await loadTwoFactor()
  say('Authenticator app turned off.', 'success')
})

async function loadPasskeys() {
  const { passkeys } = await api('GET', '/passkeys')
  $('passkeys-list').replaceChildren(
    ...(passkeys.length === 0
      ? [listItem('No passkeys yet.')]
      : passkeys.map((passkey) =>
          listItem(
            `${passkey.name}: added ${when(passkey.createdAt)}, last used ${when(passkey.lastUsedAt)}`,
            {
              label: 'Delete',
              ariaLabel: `Delete the passkey ${passkey.name}`,
              run: async () => {
                await api('DELETE', `/passkeys/${encodeURIComponent(passkey.id)}`)
                await Promise.all([loadPasskeys(), loadTwoFactor()])
                say(`Passkey ${passkey.name} deleted.`, 'success')
              },
            },
          ),
        )),
  )
}

on('passkey-add-form', 'submit', async (event) => {
  const form = event.currentTarget
  const { options } = await api('POST', '/passkeys/register/options')
  say('Waiting for your authenticator…')
  const credential = await navigator.credentials.create({ publicKey: creationOptions(options) })
  const name = formValue(form, 'name')
  const { passkey } = await api('POST', '/passkeys/register/verify', {
    response: credentialJson(credential),
    ...(name ? { name } : {}),
  })
  form.reset()
  await Promise.all([loadPasskeys(), loadTwoFactor()])
  say(`Passkey ${passkey.name} added.`, 'success')
})

// --- start -------------------------------------------------------------------------------------

function checkPasskeySupport() {
  let problem = null
  if (!window.PublicKeyCredential) problem = 'This browser does not support passkeys.'
  else if (/^[\d.]+$|:/.test(location.hostname))
    problem = `Passkeys need a host name, not an IP address: open http://localhost:${location.port}/.`
  if (!problem) return
  for (const id of ['passkey-login', 'second-step-passkey']) $(id).disabled = true
  for (const button of $('passkey-add-form').querySelectorAll('button')) button.disabled = true
  say(problem, 'error')
}

async function start() {
  let user = null
  try {
    ;({ user } = await api('GET', '/me'))
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) say(describeError(error), 'error')
  }
  if (user) {
    await showSignedIn(user).catch((error) => say(describeError(error), 'error'))
    say(`Signed in as ${user.email}.`)
  } else {
    showSignedOut()
  }
  checkPasskeySupport()
}

start()
