import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runDirectExample } from '../src/direct-example.js'

describe('examples/direct', () => {
  it('walks auth.api: users, credentials, sessions, access tokens, TOTP primitives, listing', async () => {
    const lines: string[] = []
    const report = await runDirectExample({
      log: (line) => lines.push(line),
      secret: 'a test secret that is at least thirty-two characters',
      now: () => new Date('2026-12-04T12:00:00Z'),
    })
    expect(report.userIds).toHaveLength(2)
    expect(report.wrongPasswordRefused).toBe(true)
    expect(report.sessionValidBeforeRevoke).toBe(true)
    expect(report.sessionValidAfterRevoke).toBe(false)
    expect(report.otherSessionsRevoked).toBe(1)
    expect(report.accessTokenSubject).toBe(report.userIds[1])
    expect(report.tamperedTokenRefused).toBe(true)
    expect(report.totpAccepted).toBe(true)
    expect(report.totpReplayRefused).toBe(true)
    expect(report.totpSecretReopened).toBe(true)
    expect(report.listedEmails.sort()).toEqual(['ada@example.com', 'grace@example.com'])

    expect(lines).toContain('   wrong password: InvalidCredentialsError invalid_credentials 401')
    expect(lines).toContain('   revokeSession(first); validateSession(first) → null')
    expect(lines).toContain('   revokeSessions(except the newest) → 1 revoked; second valid: false')
    // 2026-12-04T12:00:00Z is unix 1796385600, step 59879520 of 30 s.
    expect(lines).toContain(
      '   code from the app → accepted at step 59879520; the same code again (afterStep) → refused',
    )
    const text = lines.join('\n')
    expect(text).not.toMatch(/\$argon2id\$/)
    expect(text).not.toMatch(/secret=[A-Z2-7]{16,}/)
  })

  it('runs as `pnpm start` does and prints every step', () => {
    const exampleDir = fileURLToPath(new URL('..', import.meta.url))
    const result = spawnSync(
      process.execPath,
      ['--conditions=@portcullis/source', '--import', 'tsx', 'src/main.ts'],
      { cwd: exampleDir, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 60_000 },
    )
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    for (const heading of ['1. create users', '3. sessions', '4. access tokens', '6. list users'])
      expect(result.stdout).toContain(`\n${heading}\n`)
    expect(result.stdout).toContain('2 users: ')
  })
})
