import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { GeneratedJwtKey, JwtKeyInput } from '@portcullis/core'

/** Where the development signing key is kept, so access tokens survive a restart. */
export function devJwtKeyPath(dataDir: string): string {
  return join(dataDir, 'jwt-dev-key.json')
}

/** The development key saved by an earlier start, or undefined when there is none yet. */
export async function readDevJwtKeys(dataDir: string): Promise<JwtKeyInput[] | undefined> {
  let text: string
  try {
    text = await readFile(devJwtKeyPath(dataDir), 'utf8')
  } catch {
    return undefined
  }
  const key = JSON.parse(text) as JwtKeyInput
  return [key]
}

/** Saves the key core generated (private: owner read/write only). */
export async function writeDevJwtKey(dataDir: string, key: GeneratedJwtKey): Promise<void> {
  await mkdir(dataDir, { recursive: true })
  const path = devJwtKeyPath(dataDir)
  await writeFile(path, `${JSON.stringify(key)}\n`, { mode: 0o600 })
  await chmod(path, 0o600)
}
