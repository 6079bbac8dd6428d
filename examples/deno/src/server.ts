import { ConfigError, createAuth, createConsoleMailer, type Mailer } from '@portcullis/core'
import { passkeys } from '@portcullis/core/passkeys'
import { createHandler } from './app.ts'
import { readServerConfig, StartupError } from './config.ts'
import { openStorage } from './storage.ts'

/** Starts the example on Deno: env → config → storage → auth → `Deno.serve`; closes on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const config = readServerConfig(Deno.env.toObject())
  for (const notice of config.notices) console.log(notice)
  const opened = await openStorage(config)
  console.log(`storage: ${opened.description}`)
  const mailer = await openMailer(config)
  const auth = createAuth({
    passkeys: passkeys(),
    storage: opened.storage,
    origins: config.origin,
    mode: config.mode,
    ...(config.secret === undefined ? {} : { secret: config.secret }),
    // Access tokens and refresh tokens; in development core generates an Ed25519 key per process.
    jwt: {},
    ...(mailer ? { mailer } : {}),
  })

  const server = Deno.serve(
    {
      port: config.port,
      hostname: config.host,
      onListen: ({ hostname, port }) => {
        const host = hostname.includes(':') ? `[${hostname}]` : hostname
        console.log(`Portcullis example listening on http://${host}:${port} (app origin ${config.origin})`)
      },
    },
    createHandler(auth),
  )

  let closing = false
  const shutdown = (signal: string): void => {
    if (closing) return
    closing = true
    console.log(`${signal} received, closing`)
    // Keep-alive connections that stay busy must not hold the process forever.
    setTimeout(() => Deno.exit(0), 5_000)
    server
      .shutdown()
      .then(() => opened.close())
      .finally(() => Deno.exit(0))
  }
  Deno.addSignalListener('SIGINT', () => shutdown('SIGINT'))
  Deno.addSignalListener('SIGTERM', () => shutdown('SIGTERM'))
}

/** SMTP when `SMTP_URL` is set; the console mailer (prints working links) in development; else none. */
async function openMailer(config: {
  smtpUrl: string | undefined
  mailFrom: string
  mode: string
}): Promise<Mailer | undefined> {
  if (config.smtpUrl) {
    const { createSmtpMailer } = await import('@portcullis/smtp')
    return createSmtpMailer({ url: config.smtpUrl, from: config.mailFrom })
  }
  return config.mode === 'development' ? createConsoleMailer() : undefined
}

main().catch((error: unknown) => {
  if (error instanceof StartupError || error instanceof ConfigError) console.error(error.message)
  else console.error(`cannot start: ${describeError(error)}`)
  Deno.exit(1)
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
