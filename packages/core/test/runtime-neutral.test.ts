import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = new URL('../src/', import.meta.url).pathname
/** Only loaded under the `node` / `bun` conditions of `#native-hasher`, by a computed specifier. */
const RUNTIME_SPECIFIC = new Set(['password/native/node.ts', 'password/native/bun.ts'])

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  )
}

/** Module specifiers a file imports statically or with a literal dynamic import. */
function importsOf(code: string): string[] {
  const specifiers: string[] = []
  for (const match of code.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g))
    specifiers.push(match[1]!)
  for (const match of code.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) specifiers.push(match[1]!)
  for (const match of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) specifiers.push(match[1]!)
  for (const match of code.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)) specifiers.push(match[1]!)
  return specifiers
}

describe('core is runtime-neutral', () => {
  const files = sourceFiles(SRC)

  it('no source file imports a node:* module or a Node builtin (Web standards only)', () => {
    const builtins =
      /^(node:|fs$|path$|crypto$|buffer$|stream$|http$|https$|net$|os$|url$|util$|events$|child_process$)/
    const offenders: string[] = []
    for (const file of files) {
      const name = relative(SRC, file)
      for (const specifier of importsOf(readFileSync(file, 'utf8')))
        if (builtins.test(specifier)) offenders.push(`${name} imports ${specifier}`)
    }
    expect(offenders).toEqual([])
    expect(files.length).toBeGreaterThan(50)
  })

  it('the runtime-specific hashers are reached only through the node and bun conditions', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      imports: Record<string, Record<string, unknown>>
    }
    const hasher = manifest.imports['#native-hasher']!
    expect(hasher.default).toBe('./dist/password/native/portable.js')
    expect(hasher.types).toBe('./dist/password/native/portable.d.ts')
    expect(Object.keys(hasher)).not.toContain('workerd')
    for (const file of files) {
      const name = relative(SRC, file)
      if (RUNTIME_SPECIFIC.has(name)) continue
      const code = readFileSync(file, 'utf8')
      expect(code, name).not.toMatch(/native\/(node|bun)(\.js)?['"]/)
    }
  })

  it('the scan sees imports in every form it checks (a self-test)', () => {
    expect(
      importsOf("import { a } from 'node:fs'\nimport 'node:path'\nconst x = await import('node:os')"),
    ).toEqual(['node:fs', 'node:path', 'node:os'])
  })
})
