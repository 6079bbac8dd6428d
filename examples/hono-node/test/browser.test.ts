// The demo page end to end: the real server (src/server.ts, PGlite in a temp DATA_DIR) driven by
// Debian's Chromium, headless, through playwright-core. Passkeys use Chromium's virtual
// authenticator (DevTools protocol, WebAuthn domain); TOTP codes are computed here from the
// secret the page shows.
import { createHmac } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeBase32IgnorePadding } from '@oslojs/encoding'
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type ExampleProcess, freePort, startExample } from './example-process.js'

const CHROMIUM = '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
// In CI a missing Chromium is a failure (the launch below throws); elsewhere the file skips.
const skip = !existsSync(CHROMIUM) && process.env.CI !== 'true'
if (skip) console.warn(`browser.test.ts skipped: ${CHROMIUM} is missing (apt-get install chromium)`)

const PASSWORD = 'a long enough demo passphrase'
const PERIOD_SECONDS = 30

/** RFC 6238 TOTP (HMAC-SHA-1, 6 digits) for a time step, from the base32 secret the page shows. */
function totpCode(secretBase32: string, step: number): string {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', decodeBase32IgnorePadding(secretBase32)).update(counter).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  return ((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, '0')
}

const currentStep = (): number => Math.floor(Date.now() / 1000 / PERIOD_SECONDS)

describe.skipIf(skip)('demo page in headless Chromium', { timeout: 60_000 }, () => {
  let server: ExampleProcess
  let browser: Browser
  let origin: string
  let dataDir: string
  const contexts: BrowserContext[] = []
  const pageErrors: string[] = []

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'portcullis-example-browser-'))
    const port = await freePort()
    // localhost, not 127.0.0.1: the WebAuthn RP ID is the origin's host name.
    origin = `http://localhost:${port}`
    server = await startExample({
      HOST: '127.0.0.1',
      PORT: String(port),
      APP_ORIGIN: origin,
      NODE_ENV: 'development',
      AUTH_SECRET: 'an example secret for the browser test, 32+ characters',
      DATA_DIR: dataDir,
    })
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
    })
  }, 120_000)

  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close()
    // Script errors, CSP or Trusted Types violations, failed requests the page did not expect.
    expect(pageErrors.splice(0)).toEqual([])
  })

  afterAll(async () => {
    await browser?.close()
    const code = await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
    expect(code).toBe(0)
  })

  /** A fresh browser profile (no cookies) with the demo page open. */
  async function openPage(): Promise<Page> {
    const context = await browser.newContext()
    // A page that never shows what a step waits for fails that step, well before the test's timeout.
    context.setDefaultTimeout(10_000)
    contexts.push(context)
    const page = await context.newPage()
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`))
    page.on('console', (message) => {
      // The 4xx answers of the API are errors the page handles; anything else logged as an error is a bug.
      if (message.type() === 'error' && !/status of 4\d\d/.test(message.text()))
        pageErrors.push(`console: ${message.text()}`)
    })
    await page.goto(`${origin}/`)
    await region(page, 'Create an account').waitFor()
    return page
  }

  const region = (page: Page, name: string): Locator => page.getByRole('region', { name, exact: true })
  const button = (scope: Page | Locator, name: string): Locator =>
    scope.getByRole('button', { name, exact: true })

  /** Waits until the page shows it is signed in, and checks as whom. */
  async function expectSignedIn(page: Page, email: string): Promise<void> {
    await region(page, 'Account').waitFor()
    expect(await page.locator('#user-email').textContent()).toBe(email)
    expect(await region(page, 'Create an account').isVisible()).toBe(false)
  }

  async function register(page: Page, email: string): Promise<void> {
    const form = region(page, 'Create an account')
    await form.getByLabel('Email', { exact: true }).fill(email)
    await form.getByLabel('Password (15 characters or more)').fill(PASSWORD)
    await button(form, 'Create account').click()
    await expectSignedIn(page, email)
  }

  async function logOut(page: Page): Promise<void> {
    await button(page, 'Log out').click()
    await region(page, 'Sign in').waitFor()
    await page.locator('#status', { hasText: 'Signed out.' }).waitFor()
    expect(await page.locator('#user-email').textContent()).toBe('')
  }

  async function submitPassword(page: Page, email: string): Promise<void> {
    const form = region(page, 'Sign in')
    await form.getByLabel('Email or username').fill(email)
    await form.getByLabel('Password', { exact: true }).fill(PASSWORD)
    await button(form, 'Sign in').click()
  }

  it('computes RFC 4226 codes (the helper the TOTP tests rely on)', () => {
    // RFC 4226 appendix D: secret "12345678901234567890", counters 0 and 9.
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
    expect(totpCode(secret, 0)).toBe('755224')
    expect(totpCode(secret, 9)).toBe('520489')
  })

  it('serves the page with its own script and style only, under a strict CSP', async () => {
    const response = await fetch(`${server.url}/`)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    const csp = response.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("require-trusted-types-for 'script'")
    const page = await openPage()
    expect(await page.title()).toBe('Portcullis demo')
  })

  it('registers, logs out, logs in with the password and lists and revokes sessions', async () => {
    const email = 'browser-password@example.com'
    const page = await openPage()
    await register(page, email)
    await page.locator('#status', { hasText: `Account created: signed in as ${email}.` }).waitFor()
    const sessions = region(page, 'Sessions')
    await sessions.getByRole('listitem').filter({ hasText: 'This browser' }).waitFor()

    await logOut(page)
    await submitPassword(page, email)
    await expectSignedIn(page, email)

    // A wrong password shows the API's error code in the live region.
    const other = await openPage()
    const form = region(other, 'Sign in')
    await form.getByLabel('Email or username').fill(email)
    await form.getByLabel('Password', { exact: true }).fill('not the right passphrase at all')
    await button(form, 'Sign in').click()
    await other.locator('#status[data-kind="error"]', { hasText: '(invalid_credentials)' }).waitFor()

    // The first browser revokes its own session: signed out.
    await page.reload()
    await expectSignedIn(page, email)
    const own = sessions.getByRole('listitem').filter({ hasText: 'This browser' })
    await own.getByRole('button', { name: /^Revoke/ }).click()
    await region(page, 'Sign in').waitFor()
    await page.reload()
    await region(page, 'Sign in').waitFor()
  })

  it('turns on TOTP with a computed code, then asks for it (or a backup code) at login', async () => {
    const email = 'browser-totp@example.com'
    const page = await openPage()
    await register(page, email)
    const totp = region(page, 'Authenticator app (TOTP)')
    await totp.getByText('Off:').waitFor()
    await button(totp, 'Set up an authenticator app').click()

    const qr = totp.getByRole('img', { name: 'QR code of the authenticator secret' })
    await qr.waitFor()
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/)
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
    const secret = (await page.locator('#totp-secret').textContent()) ?? ''
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)

    // Step T confirms the setup; the login below uses T + 1, which the one-step window accepts
    // (T itself is refused from now on: a code is never accepted twice).
    const step = currentStep()
    await totp.getByLabel('Code shown by the app').fill(totpCode(secret, step))
    await button(totp, 'Turn on').click()
    const codes = page.locator('#backup-codes-list li')
    await page.getByRole('heading', { name: 'Backup codes' }).waitFor()
    expect(await codes.count()).toBe(10)
    const backupCodes = await codes.allTextContents()
    expect(new Set(backupCodes).size).toBe(10)
    await totp.getByText('On. Backup codes left: 10.').waitFor()
    await button(totp, 'I have saved them').click()
    expect(await codes.count()).toBe(0)

    await logOut(page)
    await submitPassword(page, email)
    const secondStep = region(page, 'Second step')
    await secondStep.waitFor()
    expect(await page.locator('#user-email').textContent()).toBe('')
    await secondStep.getByText('authenticator app, backup code').waitFor()
    expect(await button(secondStep, 'Use a passkey instead').isVisible()).toBe(false)
    // A wrong code is refused with the API's code, and the step stays open.
    await secondStep.getByLabel(/^Code from your authenticator app/).fill('000000')
    await button(secondStep, 'Verify').click()
    await page.locator('#status[data-kind="error"]', { hasText: '(invalid_code)' }).waitFor()
    await secondStep.getByLabel(/^Code from your authenticator app/).fill(totpCode(secret, step + 1))
    await button(secondStep, 'Verify').click()
    await expectSignedIn(page, email)

    // A backup code works once as the second step.
    await logOut(page)
    await submitPassword(page, email)
    await secondStep.getByLabel(/^Code from your authenticator app/).fill(backupCodes[0]!)
    await button(secondStep, 'Verify').click()
    await expectSignedIn(page, email)
    await totp.getByText('On. Backup codes left: 9.').waitFor()

    // Turned off with the password: the next login needs no second step.
    await totp.getByLabel('or your password').fill(PASSWORD)
    await button(totp, 'Turn off').click()
    await totp.getByText('Off:').waitFor()
    await logOut(page)
    await submitPassword(page, email)
    await expectSignedIn(page, email)
  })

  it('adds a passkey in the virtual authenticator, signs in with it and uses it as the second step', async () => {
    const email = 'browser-passkey@example.com'
    const page = await openPage()
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('WebAuthn.enable')
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    })

    await register(page, email)
    const passkeys = region(page, 'Passkeys')
    await passkeys.getByText('No passkeys yet.').waitFor()
    await passkeys.getByLabel('Name (optional)').fill('Virtual key')
    await button(passkeys, 'Add a passkey').click()
    await page.locator('#status', { hasText: 'Passkey Virtual key added.' }).waitFor()
    await passkeys.getByRole('listitem').filter({ hasText: 'Virtual key: added' }).waitFor()
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId })
    expect(credentials).toHaveLength(1)
    expect(credentials[0]!.isResidentCredential).toBe(true)

    // Passwordless: no email typed, the authenticator picks the discoverable credential.
    await logOut(page)
    await button(page, 'Sign in with a passkey').click()
    await expectSignedIn(page, email)
    await page.locator('#status', { hasText: `Signed in with a passkey as ${email}.` }).waitFor()

    // The passkey as the second step of a password login.
    await logOut(page)
    await submitPassword(page, email)
    const secondStep = region(page, 'Second step')
    await secondStep.getByText('Use one of: passkey.').waitFor()
    expect(await page.locator('#second-step-form').isVisible()).toBe(false)
    await button(secondStep, 'Use a passkey instead').click()
    await expectSignedIn(page, email)
    const used = await cdp.send('WebAuthn.getCredentials', { authenticatorId })
    expect(used.credentials[0]!.signCount).toBeGreaterThanOrEqual(2)

    // Deleted: the list is empty and the login needs the password only.
    await passkeys.getByRole('button', { name: 'Delete the passkey Virtual key' }).click()
    await passkeys.getByText('No passkeys yet.').waitFor()
    await logOut(page)
    await submitPassword(page, email)
    await expectSignedIn(page, email)
  })
})
