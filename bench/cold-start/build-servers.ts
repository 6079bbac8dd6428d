import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import ts from 'typescript'

const sourceDir = new URL('../http/servers/', import.meta.url)
/** Where the transpiled servers go: under bench/ so they resolve bench's node_modules; ignored by git. */
export const builtServersDir = new URL('../dist/servers/', import.meta.url)

/**
 * Transpiles `http/servers/*.ts` to plain ESM JavaScript in `dist/servers/` (types erased, one
 * file each, no bundling), so the cold start of the benchmark servers is measured on plain
 * `node`, without tsx's loader, as an app's `node dist/server.js` would start.
 */
export async function buildBenchServers(): Promise<void> {
  await rm(builtServersDir, { recursive: true, force: true })
  await mkdir(builtServersDir, { recursive: true })
  for (const name of await readdir(sourceDir)) {
    if (!name.endsWith('.ts')) continue
    const source = await readFile(new URL(name, sourceDir), 'utf8')
    const { outputText } = ts.transpileModule(source, {
      fileName: name,
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
    })
    await writeFile(new URL(name.replace(/\.ts$/, '.js'), builtServersDir), outputText)
  }
}
