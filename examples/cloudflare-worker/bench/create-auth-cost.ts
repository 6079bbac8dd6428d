// How long building the auth instance takes (what a Worker pays when it builds it per request),
// and the first request on a fresh instance. Run under Node (Workers freeze timers during
// execution, so the figure cannot be taken inside workerd):
//   node --conditions=@portcullis/source --import tsx bench/create-auth-cost.ts
import { readFileSync } from 'node:fs'
import { createAuth } from '@portcullis/core'
import { createMemoryStorage } from '@portcullis/memory'
import { createWorkerPasswordHasher } from '../src/password-hasher.js'

const config = JSON.parse(
  readFileSync(new URL('../wrangler.jsonc', import.meta.url), 'utf8').replace(/^\s*\/\/.*$/gm, ''),
)
const keys = JSON.parse(config.vars.JWT_KEYS)
const storage = createMemoryStorage()
const quiet = { warn() {}, error() {}, info() {} }
const build = () =>
  createAuth({
    storage,
    origins: 'https://app.example.com',
    mode: 'production',
    secret: 'x'.repeat(40),
    password: { hasher: createWorkerPasswordHasher('pbkdf2-100k') },
    jwt: { keys },
    logger: quiet,
  })

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
for (let i = 0; i < 50; i++) build()
const construction: number[] = []
for (let i = 0; i < 500; i++) {
  const t = performance.now()
  build()
  construction.push(performance.now() - t)
}
console.log(`createAuth: median ${median(construction).toFixed(3)} ms over 500 builds`)
const firsts: number[] = []
for (let i = 0; i < 50; i++) {
  const auth = build()
  const t = performance.now()
  await auth.handler(new Request('https://app.example.com/auth/.well-known/jwks.json'))
  firsts.push(performance.now() - t)
}
console.log(
  `first request on a fresh instance (JWKS: imports the key): median ${median(firsts).toFixed(2)} ms`,
)
const hasher = createWorkerPasswordHasher('pbkdf2-100k')
const hashes: number[] = []
for (let i = 0; i < 9; i++) {
  const t = performance.now()
  await hasher.hash('correct horse battery staple')
  hashes.push(performance.now() - t)
}
console.log(`PBKDF2-SHA-256 100k (WebCrypto): median ${median(hashes).toFixed(1)} ms per hash`)
