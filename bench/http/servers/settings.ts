/** The app origin both benchmark servers trust; requests that change state send it as `Origin`. */
export const benchOrigin = 'http://localhost:8787'

/** A fixed server secret (>= 32 characters) for both libraries; the benchmark holds no real data. */
export const benchSecret = 'portcullis-bench-secret-not-for-production-use-0123456789'

/** HS256 secret of the bearer-JWT benchmark, shared by Portcullis and the hono/jwt route. */
export const benchJwtSecret = 'portcullis-bench-hs256-secret-0123456789abcdef'
