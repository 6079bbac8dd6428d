import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { ConfigError, createConsoleMailer } from '@portcullis/core'
import { createSmtpMailer } from '@portcullis/smtp'
import { createApp } from './app.js'
import { readServerConfig, StartupError } from './config.js'
import { readDevJwtKeys, writeDevJwtKey } from './jwt-keys.js'
import { openStorage } from './storage.js'

/** Starts the example on Node: env → config → app → listen; closes cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = readServerConfig(process.env)
  for (const notice of config.notices) console.log(notice)
  const opened = await openStorage(config.storage)
  console.log(`storage: ${opened.description}`)
  // Expired rows are ignored on read; this deletes the ones nobody reads again.
  const purge = setInterval(() => {
    opened.sql.purgeExpired().catch((error: unknown) => console.error('purge failed:', error))
  }, 10 * 60_000)
  purge.unref()
  const jwtKeys =
    config.jwtKeys ??
    (config.mode === 'development' ? await readDevJwtKeys(config.storage.dataDir) : undefined)
  // The console mailer prints working links: development only. Production without SMTP sends none.
  const mailer = config.smtpUrl
    ? createSmtpMailer({ url: config.smtpUrl, from: config.mailFrom })
    : config.mode === 'development'
      ? createConsoleMailer()
      : undefined
  const { app, auth } = createApp({
    jwtKeys,
    mailer,
    origin: config.origin,
    mode: config.mode,
    secret: config.secret,
    storage: opened.storage,
    getConnInfo,
  })

  if (!jwtKeys) {
    const generated = await auth.api.jwt?.generatedKey()
    if (generated) {
      await writeDevJwtKey(config.storage.dataDir, generated)
      console.log(`access-token key generated for development, kept in ${config.storage.dataDir}`)
    }
  }

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const host = info.family === 'IPv6' ? `[${info.address}]` : info.address
    console.log(`Portcullis example listening on http://${host}:${info.port} (app origin ${config.origin})`)
  })

  server.on('error', (error: Error) => {
    console.error(`cannot listen on ${config.host}:${config.port}: ${error.message}`)
    process.exit(1)
  })

  let closing = false
  const shutdown = (signal: string): void => {
    if (closing) return
    closing = true
    clearInterval(purge)
    console.log(`${signal} received, closing`)
    server.close(() => {
      opened.close().finally(() => process.exit(0))
    })
    // Keep-alive connections that stay busy must not hold the process forever.
    setTimeout(() => process.exit(0), 5_000).unref()
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}

main().catch((error: unknown) => {
  if (error instanceof StartupError || error instanceof ConfigError) console.error(error.message)
  else console.error(`cannot start: ${describeError(error)}`)
  process.exit(1)
})

/** An error and its causes on one line, for the startup log. */
function describeError(error: unknown): string {
  const parts: string[] = []
  for (let current: unknown = error; current !== undefined && parts.length < 4; ) {
    parts.push(current instanceof Error ? current.message : String(current))
    current = current instanceof Error ? current.cause : undefined
  }
  return parts.join(': ')
}
