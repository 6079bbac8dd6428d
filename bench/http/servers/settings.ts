/** The app origin both benchmark servers trust; requests that change state send it as `Origin`. */
export const benchOrigin = 'http://localhost:8787'

/** A fixed server secret (>= 32 characters) for both libraries; the benchmark holds no real data. */
export const benchSecret = 'portcullis-bench-secret-not-for-production-use-0123456789'
