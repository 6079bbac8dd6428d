// The few Cloudflare Workers types this example uses, declared here rather than through
// @cloudflare/workers-types: that package replaces the DOM library, and core's sources (which this
// example type-checks through the workspace source condition) are written against the DOM one.
// Shapes follow @cloudflare/workers-types 5.20261117.

interface D1Meta {
  duration: number
  changes: number
  last_row_id: number
  rows_read: number
  rows_written: number
  [key: string]: unknown
}

interface D1Result<T = Record<string, unknown>> {
  success: true
  results: T[]
  meta: D1Meta
}

interface D1PreparedStatement {
  bind(...values: unknown[]): D1PreparedStatement
  first<T = unknown>(column?: string): Promise<T | null>
  run<T = Record<string, unknown>>(): Promise<D1Result<T>>
  all<T = Record<string, unknown>>(): Promise<D1Result<T>>
  raw<T = unknown[]>(options?: { columnNames?: boolean }): Promise<T[]>
}

interface D1Database {
  prepare(query: string): D1PreparedStatement
  batch<T = unknown>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]>
  exec(query: string): Promise<{ count: number; duration: number }>
}

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void
  passThroughOnException(): void
}

interface ExportedHandler<Env = unknown> {
  fetch?(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response>
}
