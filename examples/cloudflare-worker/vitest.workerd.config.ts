import { fileURLToPath } from 'node:url'
import { cloudflareTest } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'

// Core's own unit tests, run inside workerd by @cloudflare/vitest-plugin (Miniflare). Run with
// Node >= 22: `node_modules/.bin/node ../../node_modules/vitest/vitest.mjs run --config vitest.workerd.config.ts`
// (test/core-in-workerd.test.ts does it). CORE_TESTS narrows the files (a glob under packages/core/test).
const root = fileURLToPath(new URL('../..', import.meta.url))

export default defineConfig({
  root,
  plugins: [
    cloudflareTest({
      miniflare: { compatibilityDate: '2026-11-01', compatibilityFlags: ['nodejs_compat'] },
    }),
  ],
  resolve: { conditions: ['@portcullis/source', 'workerd', 'worker', 'browser'] },
  ssr: { resolve: { conditions: ['@portcullis/source', 'workerd', 'worker', 'browser'] } },
  test: {
    include: [
      'examples/cloudflare-worker/test-workerd/**/*.test.ts',
      ...(process.env.CORE_TESTS ?? 'packages/core/test/**/*.test.ts').split(','),
    ],
    // Not for workerd: they read core's files from disk (node:fs) or test the Node/Bun backends.
    exclude: [
      'packages/core/test/runtime-neutral.test.ts',
      'packages/core/test/jwt/wycheproof.test.ts',
      'packages/core/test/password/common-passwords.test.ts',
      'packages/core/test/password/native-node.test.ts',
      'packages/core/test/password/native-bun.test.ts',
      // import @node-rs/argon2 (a Node-only optional peer) to cross-check hashes
      'packages/core/test/password/argon2id.test.ts',
      'packages/core/test/password/create-password-hasher.test.ts',
      '**/node_modules/**',
    ],
    testTimeout: 60_000,
  },
})
