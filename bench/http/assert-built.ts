import { createRequire } from 'node:module'

/**
 * Fails early, with the fix, when the workspace packages have not been built: the benchmark
 * measures their `dist/`, as an app would run them.
 */
export function assertBuilt(): void {
  const require = createRequire(import.meta.url)
  for (const name of ['@portcullis/core', '@portcullis/memory', '@portcullis/hono']) {
    try {
      require.resolve(name)
    } catch {
      throw new Error(
        `${name} is not built: run \`pnpm build\` at the repository root (or \`pnpm bench\`, which does)`,
      )
    }
  }
}
