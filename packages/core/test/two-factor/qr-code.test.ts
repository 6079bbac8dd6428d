import { decodeQR } from '@paulmillr/qr/decode.js'
import { encode } from 'uqr'
import { describe, expect, it } from 'vitest'
import { qrCodeSvg } from '../../src/two-factor/qr-code.js'
import { generateTotpSecret, totpKeyUri } from '../../src/two-factor/totp.js'

/** Reads our SVG back into a module matrix: the viewBox size and the runs of the single path. */
function rasterizeSvg(svg: string): boolean[][] {
  const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(svg)
  expect(viewBox).not.toBeNull()
  const size = Number(viewBox![1])
  expect(Number(viewBox![2])).toBe(size)
  const d = /<path fill="#000" d="([^"]*)"\/>/.exec(svg)![1]!
  const matrix = Array.from({ length: size }, () => Array.from({ length: size }, () => false))
  const run = /M(\d+),(\d+)h(\d+)v1H(\d+)z/y
  let consumed = 0
  for (let m = run.exec(d); m !== null; m = run.exec(d)) {
    const [x, y, width, back] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])]
    expect(back).toBe(x)
    for (let i = x; i < x + width; i++) {
      expect(matrix[y]![i]).toBe(false)
      matrix[y]![i] = true
    }
    consumed = run.lastIndex
  }
  expect(consumed).toBe(d.length)
  return matrix
}

/** Draws a module matrix as an RGB image, `scale` pixels per module, for the decoder. */
function toImage(matrix: boolean[][], scale: number) {
  const size = matrix.length * scale
  const data = new Uint8Array(size * size * 3)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const value = matrix[Math.floor(y / scale)]![Math.floor(x / scale)] ? 0 : 255
      data.fill(value, (y * size + x) * 3, (y * size + x) * 3 + 3)
    }
  }
  return { width: size, height: size, data }
}

const decodeSvg = (svg: string): string => decodeQR(toImage(rasterizeSvg(svg), 4))

describe('qrCodeSvg', () => {
  it('is an accessible standalone SVG', () => {
    const svg = qrCodeSvg('hello')
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" ')).toBe(true)
    expect(svg.endsWith('</svg>')).toBe(true)
    expect(svg).toContain('role="img"')
    expect(svg).toContain('aria-label="QR code"')
    expect(svg).toContain('<title>QR code</title>')
    expect(svg).toContain('width="256" height="256"')
    expect(svg).not.toContain('hello')
  })

  it('encodes an otpauth URI that decodes back to the same text', () => {
    const uri = totpKeyUri({
      issuer: 'Acme: Corp & Co',
      accountName: 'ada.lovelace+mfa@example.com',
      secret: generateTotpSecret(),
    })
    const svg = qrCodeSvg(uri)
    expect(decodeSvg(svg)).toBe(uri)
    expect(svg).not.toContain('secret=')
  })

  it('draws exactly the matrix the encoder made, inside a 4-module quiet zone', () => {
    const text = 'otpauth://totp/Acme:ada?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Acme'
    const drawn = rasterizeSvg(qrCodeSvg(text))
    const expected = encode(text, { ecc: 'M', boostEcc: true, border: 4 }).data
    expect(drawn).toEqual(expected)
    const size = drawn.length
    for (let i = 0; i < size; i++) {
      for (let q = 0; q < 4; q++) {
        expect(drawn[q]![i]).toBe(false)
        expect(drawn[size - 1 - q]![i]).toBe(false)
        expect(drawn[i]![q]).toBe(false)
        expect(drawn[i]![size - 1 - q]).toBe(false)
      }
    }
    // Top-left finder pattern: a 7x7 dark ring starting just inside the quiet zone.
    expect(drawn[4]!.slice(4, 11)).toEqual([true, true, true, true, true, true, true])
    expect(drawn[5]!.slice(4, 11)).toEqual([true, false, false, false, false, false, true])
  })

  it.each([
    ['a short text', 'x'],
    ['non-ASCII text (UTF-8 bytes)', 'Café – ünïcödé ✓ 東京'],
    ['a long URI', `https://example.com/?q=${'a1-'.repeat(300)}`],
  ])('round-trips %s through the decoder', (_, text) => {
    expect(decodeSvg(qrCodeSvg(text))).toBe(text)
  })

  it('escapes the title', () => {
    const svg = qrCodeSvg('x', { title: 'Scan <me> & "you" \'now\'', sizePx: 200 })
    expect(svg).toContain('aria-label="Scan &#60;me&#62; &#38; &#34;you&#34; &#39;now&#39;"')
    expect(svg).toContain('<title>Scan &#60;me&#62; &#38; &#34;you&#34; &#39;now&#39;</title>')
    expect(svg).toContain('width="200" height="200"')
    expect(svg).not.toMatch(/<me>/)
  })

  it('throws TypeError on what cannot be a QR code', () => {
    expect(() => qrCodeSvg('')).toThrow(TypeError)
    expect(() => qrCodeSvg('a'.repeat(5000))).toThrow(TypeError)
    expect(() => qrCodeSvg('\ud800')).toThrow(TypeError)
    expect(() => qrCodeSvg('x', { title: '' })).toThrow(TypeError)
    expect(() => qrCodeSvg('x', { sizePx: 0 })).toThrow(TypeError)
  })
})
