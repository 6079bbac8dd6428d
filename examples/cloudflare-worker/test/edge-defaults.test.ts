import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// createAuth as a Worker bundle sees it: the fixture bundled with wrangler's conditions, then
// imported here. The edge defaults: no password hasher (the app chooses), the common-password list
// of 12+ code points, no QR renderer.
const { build } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild')

interface Fixture {
  problemsWith(minLength: number, full: boolean): readonly string[]
  isCommonPassword(password: string): boolean
  totpSetupKeys(qr: boolean): Promise<string[]>
  problemsWithoutHasher(): readonly string[]
}

let dir: string
let fixture: Fixture

beforeAll(async () => {
  const result = await build({
    entryPoints: [new URL('./fixtures/edge-auth.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['@portcullis/source', 'workerd', 'worker', 'browser'],
    logLevel: 'silent',
  })
  dir = mkdtempSync(join(tmpdir(), 'portcullis-edge-'))
  const file = join(dir, 'fixture.mjs')
  writeFileSync(file, result.outputFiles[0]!.contents)
  fixture = (await import(pathToFileURL(file).href)) as Fixture
})

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the edge common-password list under createAuth', () => {
  it('starts with the default minLength (15) and any minLength of 12 or more', () => {
    expect(fixture.problemsWith(15, false)).toEqual([])
    expect(fixture.problemsWith(12, false)).toEqual([])
  })

  it('refuses a minLength below 12 with the edge list, naming the fix', () => {
    const problems = fixture.problemsWith(8, false)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^password\.minLength: below 12,/)
    expect(problems[0]).toContain('fullCommonPasswordBlocklist')
  })

  it('accepts a minLength of 8 with the full list passed as the blocklist', () => {
    expect(fixture.problemsWith(8, true)).toEqual([])
  })

  it('is the short list: knows long common passwords, not the 8..11 ones', () => {
    expect(fixture.isCommonPassword('123qweasdzxc')).toBe(true)
    expect(fixture.isCommonPassword('password')).toBe(false)
  })
})

describe('the TOTP setup under createAuth on the edge', () => {
  it('answers without qrCodeSvg by default (no QR library bundled), with it when qrCode is passed', async () => {
    expect(await fixture.totpSetupKeys(false)).toEqual(['otpauthUri', 'secret'])
    expect(await fixture.totpSetupKeys(true)).toEqual(['otpauthUri', 'qrCodeSvg', 'secret'])
  })
})

describe('the password hasher under createAuth on the edge', () => {
  it('has no default: createAuth names the two choices instead of failing later in production', () => {
    const problems = fixture.problemsWithoutHasher()
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^password\.hasher: required on edge runtimes/)
    expect(problems[0]).toContain('createPasswordHasher()')
    expect(problems[0]).toContain('createPbkdf2PasswordHasher(')
  })
})
