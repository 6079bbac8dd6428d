import type { ResolvedConfig } from '../config/resolve-config.js'
import { CsrfRejectedError } from '../errors/errors.js'

/** Methods that change nothing and so need no origin check (CSRF-3). */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Rejects an unsafe request that does not come from a trusted origin (CSRF-1): first
 * `Sec-Fetch-Site` (`same-origin`, or `same-site` when configured), else `Origin` matched
 * exactly against the configured origins, else the origin of `Referer`; with none of them the
 * request is refused. The trusted origins come from configuration, never from `Host` (CSRF-2).
 * @throws {CsrfRejectedError}
 */
export function assertTrustedOrigin(request: Request, config: ResolvedConfig): void {
  if (SAFE_METHODS.has(request.method)) return
  const site = request.headers.get('sec-fetch-site')
  if (site !== null) {
    if (site === 'same-origin' || (site === 'same-site' && config.http.allowSameSite)) return
    throw new CsrfRejectedError('cross-site request refused')
  }
  const origin = request.headers.get('origin')
  if (origin !== null) {
    if (config.originSet.has(origin)) return
    throw new CsrfRejectedError('untrusted origin')
  }
  const referer = request.headers.get('referer')
  if (referer !== null && config.originSet.has(originOf(referer))) return
  throw new CsrfRejectedError('request origin unknown')
}

function originOf(url: string): string {
  try {
    return new URL(url).origin
  } catch {
    return ''
  }
}
