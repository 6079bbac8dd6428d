import type { NextConfig } from 'next'

const config: NextConfig = {
  // Loaded by Node at run time instead of bundled: native add-ons, drivers, and core (whose
  // password hasher picks @node-rs/argon2 or node:crypto with a dynamic import).
  serverExternalPackages: [
    '@portcullis/core',
    '@portcullis/memory',
    '@portcullis/drizzle',
    '@portcullis/redis',
    '@portcullis/smtp',
    '@node-rs/argon2',
    'drizzle-orm',
    'ioredis',
    'nodemailer',
    'pg',
  ],
  poweredByHeader: false,
  // `pnpm typecheck` checks this app (tsc); skipping Next's own pass saves ~40 s per build.
  typescript: { ignoreBuildErrors: true },
}

export default config
