import { readFileSync } from 'node:fs'
import { fullCommonPasswordBlocklist } from '@portcullis/core/password/common-passwords'
import { describe, expect, it } from 'vitest'
import {
  COMMON_PASSWORDS,
  COMMON_PASSWORDS_FROM_LENGTH as FULL_FROM_LENGTH,
} from '../../src/password/common-passwords.generated.js'
import {
  COMMON_PASSWORDS as EDGE_COMMON_PASSWORDS,
  COMMON_PASSWORDS_FROM_LENGTH as EDGE_FROM_LENGTH,
} from '../../src/password/common-passwords-edge.generated.js'
import {
  bundledBlocklistFromLength,
  checkPasswordPolicy,
  defaultPasswordPolicy,
  isCommonPassword,
} from '../../src/password/index.js'
import {
  GENERATED_EDGE_PATH,
  GENERATED_PATH,
  renderCommonPasswordsModule,
} from './generate-common-passwords.js'

describe('bundled common-password list', () => {
  const entries = COMMON_PASSWORDS.split('\n')

  it('is what the generator writes (no hand edits)', () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(renderCommonPasswordsModule())
  })

  it('keeps the MIT attribution', () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toContain('Dan Wheeler and Dropbox, Inc.')
  })

  it('holds 3000..10000 distinct lower-case entries of at least 8 code points', () => {
    expect(entries.length).toBeGreaterThanOrEqual(3000)
    expect(entries.length).toBeLessThanOrEqual(10_000)
    expect(new Set(entries).size).toBe(entries.length)
    for (const entry of entries) {
      expect([...entry].length).toBeGreaterThanOrEqual(8)
      expect(entry).toBe(entry.toLowerCase())
    }
  })

  it('starts with the most common ones', () => {
    expect(entries.slice(0, 3)).toEqual(['password', '12345678', '123456789'])
  })
})

describe('isCommonPassword', () => {
  it('matches whole entries, case-insensitively', () => {
    expect(isCommonPassword('password')).toBe(true)
    expect(isCommonPassword('PassWord')).toBe(true)
    expect(isCommonPassword('password!')).toBe(false)
    expect(isCommonPassword('')).toBe(false)
  })
})

describe('edge common-password list (workerd, worker, edge-light, browser)', () => {
  const full = COMMON_PASSWORDS.split('\n')
  const edge = EDGE_COMMON_PASSWORDS.split('\n')
  const edgeSet = new Set(edge)

  it('is what the generator writes, with the attribution', () => {
    const text = readFileSync(GENERATED_EDGE_PATH, 'utf8')
    expect(text).toBe(renderCommonPasswordsModule(true))
    expect(text).toContain('Dan Wheeler and Dropbox, Inc.')
  })

  it('holds every entry of 12+ code points of the full list, in rank order, and nothing else', () => {
    const long = full.filter((entry) => [...entry].length >= 12)
    expect(long.length).toBe(128)
    expect(edge).toEqual(long)
    expect(EDGE_COMMON_PASSWORDS.length).toBeLessThan(COMMON_PASSWORDS.length / 30)
  })

  it('says which passwords it covers: 12+ code points on the edge, 8+ for the full list', () => {
    expect(EDGE_FROM_LENGTH).toBe(12)
    expect(FULL_FROM_LENGTH).toBe(8)
    expect(Math.min(...edge.map((entry) => [...entry].length))).toBe(12)
    expect(Math.min(...full.map((entry) => [...entry].length))).toBe(8)
    // Node runs this file: the bundled list is the full one.
    expect(bundledBlocklistFromLength).toBe(8)
  })

  it('refuses what the full list refuses for any minLength of 12 or more', () => {
    const passable = full.filter((entry) => [...entry].length >= 12)
    expect(passable.every((entry) => edgeSet.has(entry))).toBe(true)
  })

  it('is mapped for the edge conditions, source and dist, and only for them', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      imports: Record<string, Record<string, unknown>>
    }
    const entry = manifest.imports['#common-passwords']!
    const source = entry['@portcullis/source'] as Record<string, string>
    for (const condition of ['workerd', 'worker', 'edge-light', 'browser']) {
      expect(source[condition]).toBe('./src/password/common-passwords-edge.generated.ts')
      expect(entry[condition]).toBe('./dist/password/common-passwords-edge.generated.js')
    }
    expect(source.default).toBe('./src/password/common-passwords.generated.ts')
    expect(entry.default).toBe('./dist/password/common-passwords.generated.js')
    expect(Object.keys(entry).at(-1)).toBe('default')
    expect(Object.keys(source).at(-1)).toBe('default')
    expect(Object.keys(entry)).not.toContain('node')
  })
})

describe('the default blocklist on Node', () => {
  // Rank 5,001 of the full list: 8..11 code points, so not on the edge list.
  const beyondEdge = COMMON_PASSWORDS.split('\n')[5000]!

  it('is the full list: refuses an 8..11 character one the edge list does not carry', async () => {
    expect(EDGE_COMMON_PASSWORDS.split('\n')).not.toContain(beyondEdge)
    expect(isCommonPassword(beyondEdge)).toBe(true)
    await expect(
      checkPasswordPolicy(beyondEdge.toUpperCase(), { ...defaultPasswordPolicy, minLength: 8 }),
    ).rejects.toMatchObject({ reason: 'compromised' })
  })
})

describe('fullCommonPasswordBlocklist (@portcullis/core/password/common-passwords)', () => {
  it('checks the whole 10,000-entry list, case-insensitively', () => {
    const full = COMMON_PASSWORDS.split('\n')
    expect(full.length).toBe(10_000)
    expect(fullCommonPasswordBlocklist(full[0]!)).toBe(true)
    expect(fullCommonPasswordBlocklist(full[9999]!.toUpperCase())).toBe(true)
    expect(fullCommonPasswordBlocklist(full[5000]!)).toBe(true)
    expect(fullCommonPasswordBlocklist('correct horse battery staple')).toBe(false)
  })
})
