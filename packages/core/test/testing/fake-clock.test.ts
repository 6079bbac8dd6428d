import { describe, expect, it } from 'vitest'
import { createFakeClock, FAKE_CLOCK_START } from '../../src/testing/fake-clock.js'

describe('createFakeClock', () => {
  it('starts at FAKE_CLOCK_START by default and stands still', () => {
    const clock = createFakeClock()
    expect(clock.now().toISOString()).toBe(FAKE_CLOCK_START)
    expect(clock.now().getTime()).toBe(clock.now().getTime())
  })

  it('starts at a given Date or ISO string', () => {
    expect(createFakeClock(new Date(0)).now().getTime()).toBe(0)
    expect(createFakeClock('2026-01-01T00:00:00Z').now().toISOString()).toBe('2026-01-01T00:00:00.000Z')
  })

  it('does not keep the start Date it was given', () => {
    const start = new Date('2026-01-01T00:00:00Z')
    const clock = createFakeClock(start)
    start.setTime(0)
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z')
  })

  it('returns a new Date on each now(): mutating it does not move the clock', () => {
    const clock = createFakeClock('2026-01-01T00:00:00Z')
    clock.now().setTime(0)
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z')
  })

  it('advanceSeconds moves by seconds, rounds fractions to the millisecond and returns the new time', () => {
    const clock = createFakeClock('2026-01-01T00:00:00Z')
    expect(clock.advanceSeconds(90).toISOString()).toBe('2026-01-01T00:01:30.000Z')
    expect(clock.advanceSeconds(0.1).toISOString()).toBe('2026-01-01T00:01:30.100Z')
    expect(clock.advanceSeconds(0.0004).toISOString()).toBe('2026-01-01T00:01:30.100Z')
    expect(clock.now().toISOString()).toBe('2026-01-01T00:01:30.100Z')
  })

  it('advanceMilliseconds moves by milliseconds; negative values move back', () => {
    const clock = createFakeClock('2026-01-01T00:00:00Z')
    expect(clock.advanceMilliseconds(1).toISOString()).toBe('2026-01-01T00:00:00.001Z')
    expect(clock.advanceMilliseconds(-2).toISOString()).toBe('2025-12-31T23:59:59.999Z')
    expect(clock.advanceSeconds(-1).toISOString()).toBe('2025-12-31T23:59:58.999Z')
  })

  it('set jumps to a Date or ISO string, forward or back', () => {
    const clock = createFakeClock('2026-01-01T00:00:00Z')
    clock.set('2030-06-01T12:00:00Z')
    expect(clock.now().toISOString()).toBe('2030-06-01T12:00:00.000Z')
    clock.set(new Date('2020-01-01T00:00:00Z'))
    expect(clock.now().toISOString()).toBe('2020-01-01T00:00:00.000Z')
  })

  it('rejects invalid dates and non-finite or fractional amounts, leaving the time unchanged', () => {
    expect(() => createFakeClock('not a date')).toThrow(TypeError)
    const clock = createFakeClock('2026-01-01T00:00:00Z')
    expect(() => clock.set('yesterday')).toThrow(TypeError)
    expect(() => clock.set(new Date(Number.NaN))).toThrow(TypeError)
    expect(() => clock.advanceSeconds(Number.POSITIVE_INFINITY)).toThrow(TypeError)
    expect(() => clock.advanceSeconds(Number.NaN)).toThrow(TypeError)
    expect(() => clock.advanceMilliseconds(1.5)).toThrow(TypeError)
    expect(() => clock.advanceMilliseconds(8.64e15 * 2)).toThrow(TypeError)
    expect(clock.now().toISOString()).toBe('2026-01-01T00:00:00.000Z')
  })

  it('two clocks are independent', () => {
    const a = createFakeClock('2026-01-01T00:00:00Z')
    const b = createFakeClock('2026-01-01T00:00:00Z')
    a.advanceSeconds(60)
    expect(b.now().toISOString()).toBe('2026-01-01T00:00:00.000Z')
  })
})
