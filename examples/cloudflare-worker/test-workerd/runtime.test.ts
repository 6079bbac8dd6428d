import { describe, expect, it } from 'vitest'

// Runs with core's tests under vitest.workerd.config.ts: proves they run inside workerd, not Node.
describe('the runtime of this run', () => {
  it('is workerd (Cloudflare Workers), not Node', () => {
    expect(navigator.userAgent).toBe('Cloudflare-Workers')
  })
})
