/** Settings of the example server, read from the environment by {@link readServerConfig}. */
export interface ServerConfig {
  port: number
  host: string
  origin: string
  mode: 'production' | 'development'
  secret: string | undefined
  /** One-line notices to print at startup (e.g. SMTP_URL is set but no mail is sent yet). */
  notices: string[]
}

/** A setting the example cannot run with; its message is one line meant for the console. */
export class StartupError extends Error {
  override readonly name = 'StartupError'
}

const PORT = /^\d{1,5}$/

/**
 * Reads the server settings from environment variables: `PORT` (8787), `HOST` (127.0.0.1),
 * `APP_ORIGIN` (`http://localhost:${PORT}`), `NODE_ENV` (`production` → production mode,
 * anything else → development), `AUTH_SECRET`. `DATABASE_URL` and `REDIS_URL` are refused:
 * this build only has the embedded memory store, and silently ignoring them would lose data.
 *
 * @param env - Usually `process.env`.
 * @returns The settings.
 * @throws {StartupError} On an invalid `PORT` or when `DATABASE_URL` / `REDIS_URL` is set.
 * @example
 * const config = readServerConfig({ PORT: '3000' }) // { port: 3000, origin: 'http://localhost:3000', ... }
 */
export function readServerConfig(env: Record<string, string | undefined>): ServerConfig {
  for (const name of ['DATABASE_URL', 'REDIS_URL'] as const) {
    if (env[name]) {
      throw new StartupError(
        `${name} is set, but this build only has the embedded memory store (SQL and Redis stores come in a later release); unset ${name} to run with in-memory data`,
      )
    }
  }
  const portText = env.PORT || '8787'
  const port = Number(portText)
  if (!PORT.test(portText) || port > 65_535) {
    throw new StartupError(`PORT must be a number from 0 to 65535, got ${JSON.stringify(portText)}`)
  }
  const notices: string[] = []
  if (env.SMTP_URL) notices.push('SMTP_URL is set, but this build sends no mail yet; it is not used')
  return {
    port,
    host: env.HOST || '127.0.0.1',
    origin: env.APP_ORIGIN || `http://localhost:${port}`,
    mode: env.NODE_ENV === 'production' ? 'production' : 'development',
    secret: env.AUTH_SECRET || undefined,
    notices,
  }
}
