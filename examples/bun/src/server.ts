import { ConfigError, createConsoleMailer } from '@portcullis/core'
import { createSmtpMailer } from '@portcullis/smtp'
import { createApp } from './app.js'
import { readServerConfig, StartupError } from './config.js'
import { openStorage } from './storage.js'

/** Starts the example on Bun: env → config → app → Bun.serve; closes cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = readServerConfig(process.env)
  for (const notice of config.notices) console.log(notice)
  const opened = await openStorage(config.storage)
  console.log(`storage: ${opened.description}`)
  // The console mailer prints working links: development only. Production without SMTP sends none.
  const mailer = config.smtpUrl
    ? createSmtpMailer({ url: config.smtpUrl, from: config.mailFrom })
    : config.mode === 'development'
      ? createConsoleMailer()
      : undefined
  const { routes, fetch } = createApp({
    origin: config.origin,
    mode: config.mode,
    secret: config.secret,
    storage: opened.storage,
    trustedProxies: config.trustedProxies,
    jwtKeys: config.jwtKeys,
    mailer,
  })

  let server: ReturnType<typeof Bun.serve>
  try {
    server = Bun.serve({ port: config.port, hostname: config.host, routes, fetch })
  } catch (error) {
    throw new StartupError(`cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`)
  }
  const host = server.hostname?.includes(':') ? `[${server.hostname}]` : server.hostname
  console.log(
    `Portcullis example listening on http://${host}:${server.port} (app origin ${config.origin}, Bun ${Bun.version})`,
  )

  let closing = false
  const shutdown = (signal: string): void => {
    if (closing) return
    closing = true
    console.log(`${signal} received, closing`)
    // Keep-alive connections that stay busy must not hold the process forever.
    setTimeout(() => process.exit(0), 5_000).unref()
    server
      .stop()
      .then(() => opened.close())
      .finally(() => process.exit(0))
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
